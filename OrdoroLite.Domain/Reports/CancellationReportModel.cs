using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Reports;

public enum ReportGrouping
{
    Day,
    Week,
    Month,
}

/// <summary>
/// A report over orders whose order date is in [<paramref name="From"/>, <paramref name="To"/>):
/// UTC instants the App computes from the manager's local dates.
/// </summary>
public sealed record CancellationReportRequest(DateTimeOffset From, DateTimeOffset To, ReportGrouping Grouping = ReportGrouping.Day)
{
    public TimeSpan Length => To - From;

    /// <summary>The period of the same length just before this one.</summary>
    public CancellationReportRequest Previous => this with { From = From - Length, To = From };

    // Only the stored values: the compiler's version also prints Previous, whose Previous… never
    // ends (ToString of a request ran out of stack).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"From = {From:u}, To = {To:u}, Grouping = {Grouping}");
        return true;
    }
}

/// <summary>Orders placed and cancelled; the rate is null when nothing was placed (shown "—").</summary>
public sealed record RateFigures(int Placed, int Cancelled)
{
    public static RateFigures None { get; } = new(0, 0);

    public decimal? Rate => Placed == 0 ? null : (decimal)Cancelled / Placed;
}

/// <summary>
/// What the labels of the period's cancelled orders cost, in cents: deleted labels' refunds by
/// state, and Active labels kept on those orders split at <paramref name="At"/> by their carrier's
/// refund window (docs/reports.md, "Label costs").
/// </summary>
/// <param name="RefundedCents">Refunds Approved.</param>
/// <param name="PendingCents">Refunds Requested or Submitted.</param>
/// <param name="RefusedCents">Refunds Denied (by the carrier, or refused at once by its rules).</param>
/// <param name="LostCents">Kept labels whose refund window has passed (or that the carrier scanned).</param>
/// <param name="RecoverableCents">Kept labels still inside their window: deleting them now brings the postage back.</param>
/// <param name="At">The instant (UTC) the kept labels were split at: the report's "now".</param>
public sealed record LabelCosts(
    long RefundedCents,
    long PendingCents,
    long RefusedCents,
    long LostCents,
    long LostLabels,
    long RecoverableCents,
    long RecoverableLabels,
    DateTimeOffset At)
{
    /// <summary>All Active labels kept on the period's cancelled orders.</summary>
    public long KeptCents => LostCents + RecoverableCents;

    public long KeptLabels => LostLabels + RecoverableLabels;
}

public sealed record Headline(RateFigures Current, RateFigures Previous, LabelCosts LabelCosts)
{
    /// <summary>Current rate minus previous rate in percentage points; null when either is empty.</summary>
    public decimal? ChangePoints => Current.Rate is { } now && Previous.Rate is { } before ? (now - before) * 100m : null;
}

public sealed record RateBucket(DateOnly Start, RateFigures Figures);

public sealed record ReasonRow(CancelReason? Reason, int Cancelled, decimal? Share)
{
    public const string NoReasonGiven = "No reason given";

    public string Name => Reason?.DisplayName() ?? NoReasonGiven;
}

public sealed record ChannelRow(string Channel, RateFigures Figures);

/// <summary>One row of "Cancelled by": a staff member, or a sales channel whose customers cancelled there (docs/channels.md).</summary>
/// <param name="StaffName">The staff member's name, or the sales channel's when <see cref="OnChannel"/>.</param>
public sealed record StaffRow(string StaffName, int Cancelled)
{
    /// <summary>The sales channel cancelled these orders (imported as cancelled), not a staff member.</summary>
    public bool OnChannel { get; init; }
}

public sealed record SkuRow(string Sku, RateFigures Figures, int UnitsCancelled);

public sealed record WarehouseRow(int WarehouseId, string Warehouse, RateFigures Figures);

public sealed record CancellationReportResult(
    CancellationReportRequest Request,
    Headline Headline,
    IReadOnlyList<RateBucket> Series,
    IReadOnlyList<ReasonRow> Reasons,
    IReadOnlyList<ChannelRow> Channels,
    IReadOnlyList<StaffRow> Staff,
    IReadOnlyList<SkuRow> Skus,
    IReadOnlyList<WarehouseRow> Warehouses)
{
    /// <summary>Cancellations made on the sales channels (by customers there), of the period's orders.</summary>
    public int CancelledOnChannels => Staff.Where(r => r.OnChannel).Sum(r => r.Cancelled);

    /// <summary>Cancellations made here, by staff (or by someone unknown), of the period's orders.</summary>
    public int CancelledHere => Staff.Where(r => !r.OnChannel).Sum(r => r.Cancelled);
}

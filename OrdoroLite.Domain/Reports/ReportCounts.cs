using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Reports;

/// <summary>
/// The one definition of what the cancellation report counts (docs/reports.md, "Figures"): what
/// one order adds to each row of the summary tables, given the order as it is now. The stored
/// summaries are this summed over every order. An order's change adds what it counts after minus
/// what it counted before (<see cref="Order"/> states it; the writer adds it with
/// <c>x = x + d</c>), and the report's partial days apply the same definition to the few orders
/// of those hours, so every figure comes from here.
/// </summary>
/// <remarks>
/// Spec "Cancellation rate": rate = orders cancelled ÷ orders placed, by order date. Rows are
/// keyed by the UTC day of the order date (and its ISO week, starting Monday). "Cancelled" is the
/// order's status now: a restored order no longer counts.
/// </remarks>
public static class ReportCounts
{
    /// <summary>Adds <paramref name="sign"/> (+1 or −1) times what <paramref name="order"/> counts to <paramref name="into"/>.</summary>
    public static void Add(ReportSubject order, int sign, ReportChange into)
    {
        var day = DayOf(order.OrderDate);
        var cancelled = order.IsCancelled ? sign : 0;

        // Orders placed and cancelled: headline, series, channel and warehouse tables.
        into.OrderDay(day, order.Channel, order.WarehouseId, placed: sign, cancelled: cancelled);

        // Each SKU counts an order once (two lines of one SKU are one order), with the units of all its lines.
        foreach (var sku in order.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal))
        {
            var units = sku.Sum(l => (long)l.Quantity);
            into.SkuDay(sku.Key, day, placed: sign, cancelled: cancelled, units: cancelled * units);
        }

        if (!order.IsCancelled)
        {
            return;
        }

        // Who cancelled it and why: the reason and "cancelled by" tables; a sales channel apart from staff.
        into.CancelDay(day, order.Reason, order.CancelledByName, order.CancelledOnChannel, sign);

        // What the labels of a cancelled order cost: refunds by state, and Active labels kept on it.
        foreach (var refund in order.Refunds)
        {
            var amount = sign * refund.AmountCents;
            into.LabelDay(day,
                refunded: refund.State == RefundState.Approved ? amount : 0,
                denied: refund.State == RefundState.Denied ? amount : 0,
                pending: refund.State is RefundState.Requested or RefundState.Submitted ? amount : 0,
                kept: 0);
        }

        into.LabelDay(day, 0, 0, 0, kept: sign * order.KeptLabels.Sum(l => l.CostCents));

        // The same Active labels by carrier, UTC day of creation and scanned: what the report needs to
        // split them, when it runs, into lost (window passed) and recoverable (CarrierRules.Split).
        foreach (var label in order.KeptLabels)
        {
            into.KeptLabelDay(day, label.Carrier, DayOf(label.CreatedAt), label.Scanned, sign * label.CostCents, sign);
        }
    }

    /// <summary>The UTC day of an instant: the summaries' key.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The Monday of the ISO week holding <paramref name="day"/>.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

/// <summary>What of one order the report counts by, as the order is now.</summary>
/// <param name="OrderDate">UTC.</param>
/// <param name="Reason">The latest cancellation's reason; only read when <paramref name="IsCancelled"/>.</param>
/// <param name="CancelledByName">Who cancelled it last; null when unknown.</param>
/// <param name="CancelledOnChannel">The sales channel cancelled it (then <paramref name="CancelledByName"/> is the channel), not staff.</param>
/// <param name="Lines">Every line's SKU and units.</param>
/// <param name="Refunds">Every refund request of the order's labels, with its state and amount in cents.</param>
/// <param name="KeptLabels">The Active labels of a cancelled order (labels kept on it); empty for an order that is not cancelled.</param>
public sealed record ReportSubject(
    DateTimeOffset OrderDate,
    string Channel,
    int WarehouseId,
    bool IsCancelled,
    CancelReason? Reason,
    string? CancelledByName,
    bool CancelledOnChannel,
    IReadOnlyList<SkuUnits> Lines,
    IReadOnlyList<RefundAmount> Refunds,
    IReadOnlyList<KeptLabel> KeptLabels);

public sealed record SkuUnits(string Sku, int Quantity);

public sealed record RefundAmount(RefundState State, long AmountCents);

/// <summary>An Active label kept on a cancelled order: its carrier, creation instant (UTC), whether the carrier scanned it, its cost in cents.</summary>
public sealed record KeptLabel(string Carrier, DateTimeOffset CreatedAt, bool Scanned, long CostCents);

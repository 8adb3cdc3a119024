using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Reports;

// The report's summary tables, one row per key. Each count is a sum over orders of what
// ReportCounts says an order counts; rows are only ever added to (x = x + d), never rewritten, so
// a row may fall back to zero and stay (the report skips zero rows). Counts are 64-bit.

/// <summary>Orders placed and cancelled on one UTC day, per sales channel and ship-from warehouse.</summary>
public sealed class ReportOrderDay
{
    public DateOnly Day { get; init; }

    public string Channel { get; init; } = "";

    public int WarehouseId { get; init; }

    public long Placed { get; internal set; }

    public long Cancelled { get; internal set; }
}

/// <summary>Orders cancelled now, by the UTC day of their order date, per reason and staff member.</summary>
public sealed class ReportCancelDay
{
    public DateOnly Day { get; init; }

    /// <summary>The <see cref="CancelReason"/> name, or "" for no reason given (a key cannot be null).</summary>
    public string CancelReason { get; init; } = "";

    /// <summary>False when the canceller is unknown; then <see cref="CancelledByName"/> is "".</summary>
    public bool StaffKnown { get; init; }

    public string CancelledByName { get; init; } = "";

    /// <summary>True when the sales channel cancelled the orders (<see cref="CancelledByName"/> is the channel), false for staff.</summary>
    public bool CancelledOnChannel { get; init; }

    public long Cancelled { get; internal set; }
}

/// <summary>Per SKU and UTC day: orders containing it, those cancelled now, and their units of it.</summary>
public sealed class ReportSkuDay
{
    public string Sku { get; init; } = "";

    public DateOnly Day { get; init; }

    public long PlacedOrders { get; internal set; }

    public long CancelledOrders { get; internal set; }

    public long CancelledUnits { get; internal set; }
}

/// <summary>The same as <see cref="ReportSkuDay"/> per ISO week (its Monday), so a 90-day report reads 13 rows per SKU, not 90.</summary>
public sealed class ReportSkuWeek
{
    public string Sku { get; init; } = "";

    public DateOnly Week { get; init; }

    public long PlacedOrders { get; internal set; }

    public long CancelledOrders { get; internal set; }

    public long CancelledUnits { get; internal set; }
}

/// <summary>Label costs of the orders cancelled now, by the UTC day of their order date, in cents.</summary>
public sealed class ReportLabelDay
{
    public DateOnly Day { get; init; }

    /// <summary>Refunds Approved.</summary>
    public long RefundedCents { get; internal set; }

    /// <summary>Refunds Denied.</summary>
    public long DeniedCents { get; internal set; }

    /// <summary>Refunds Requested or Submitted.</summary>
    public long PendingCents { get; internal set; }

    /// <summary>Active labels kept on the cancelled orders.</summary>
    public long KeptCents { get; internal set; }
}

/// <summary>
/// Active labels kept on the orders cancelled now, by the UTC day of the order date, the label's
/// carrier, the UTC day it was created and whether the carrier scanned it. Whether their refund
/// window has passed depends on when one asks, so it is not kept: the report splits these rows when
/// it runs (<see cref="Labels.Carriers.CarrierRules.Split"/>).
/// </summary>
public sealed class ReportKeptLabelDay
{
    public DateOnly Day { get; init; }

    public string Carrier { get; init; } = "";

    /// <summary>The UTC day the labels were created.</summary>
    public DateOnly LabelDay { get; init; }

    public bool Scanned { get; init; }

    /// <summary>What they cost, in cents.</summary>
    public long KeptCents { get; internal set; }

    /// <summary>How many labels.</summary>
    public long Labels { get; internal set; }
}

/// <summary>
/// Changes to the summary rows, summed per key: what one operation adds to the stored summaries
/// (or, for the report's partial days, what a few orders count). Rows whose changes are all zero
/// are left out of <see cref="Rows"/>.
/// </summary>
public sealed class ReportChange
{
    private readonly Dictionary<(DateOnly, string, int), ReportOrderDay> _orderDays = [];
    private readonly Dictionary<(DateOnly, string, bool, string, bool), ReportCancelDay> _cancelDays = [];
    private readonly Dictionary<(string, DateOnly), ReportSkuDay> _skuDays = [];
    private readonly Dictionary<(string, DateOnly), ReportSkuWeek> _skuWeeks = [];
    private readonly Dictionary<DateOnly, ReportLabelDay> _labelDays = [];
    private readonly Dictionary<(DateOnly, string, DateOnly, bool), ReportKeptLabelDay> _keptLabelDays = [];

    public IEnumerable<ReportOrderDay> OrderDays => _orderDays.Values.Where(r => r.Placed != 0 || r.Cancelled != 0);

    public IEnumerable<ReportCancelDay> CancelDays => _cancelDays.Values.Where(r => r.Cancelled != 0);

    public IEnumerable<ReportSkuDay> SkuDays =>
        _skuDays.Values.Where(r => r.PlacedOrders != 0 || r.CancelledOrders != 0 || r.CancelledUnits != 0);

    public IEnumerable<ReportSkuWeek> SkuWeeks =>
        _skuWeeks.Values.Where(r => r.PlacedOrders != 0 || r.CancelledOrders != 0 || r.CancelledUnits != 0);

    public IEnumerable<ReportLabelDay> LabelDays =>
        _labelDays.Values.Where(r => r.RefundedCents != 0 || r.DeniedCents != 0 || r.PendingCents != 0 || r.KeptCents != 0);

    public IEnumerable<ReportKeptLabelDay> KeptLabelDays => _keptLabelDays.Values.Where(r => r.KeptCents != 0 || r.Labels != 0);

    /// <summary>Every non-zero row, table by table.</summary>
    public IEnumerable<IEnumerable<object>> Rows => [OrderDays, CancelDays, SkuDays, SkuWeeks, LabelDays, KeptLabelDays];

    public bool IsEmpty => !Rows.Any(table => table.Any());

    internal void OrderDay(DateOnly day, string channel, int warehouseId, long placed, long cancelled)
    {
        if (!_orderDays.TryGetValue((day, channel, warehouseId), out var row))
        {
            _orderDays.Add((day, channel, warehouseId), row = new ReportOrderDay { Day = day, Channel = channel, WarehouseId = warehouseId });
        }

        row.Placed += placed;
        row.Cancelled += cancelled;
    }

    internal void CancelDay(DateOnly day, CancelReason? reason, string? staffName, bool onChannel, long cancelled)
    {
        var key = (day, reason?.ToString() ?? "", staffName is not null, staffName ?? "", onChannel);
        if (!_cancelDays.TryGetValue(key, out var row))
        {
            _cancelDays.Add(key, row = new ReportCancelDay
            {
                Day = day, CancelReason = key.Item2, StaffKnown = key.Item3, CancelledByName = key.Item4, CancelledOnChannel = onChannel,
            });
        }

        row.Cancelled += cancelled;
    }

    internal void SkuDay(string sku, DateOnly day, long placed, long cancelled, long units)
    {
        if (!_skuDays.TryGetValue((sku, day), out var daily))
        {
            _skuDays.Add((sku, day), daily = new ReportSkuDay { Sku = sku, Day = day });
        }

        daily.PlacedOrders += placed;
        daily.CancelledOrders += cancelled;
        daily.CancelledUnits += units;

        var week = ReportCounts.WeekOf(day);
        if (!_skuWeeks.TryGetValue((sku, week), out var weekly))
        {
            _skuWeeks.Add((sku, week), weekly = new ReportSkuWeek { Sku = sku, Week = week });
        }

        weekly.PlacedOrders += placed;
        weekly.CancelledOrders += cancelled;
        weekly.CancelledUnits += units;
    }

    internal void LabelDay(DateOnly day, long refunded, long denied, long pending, long kept)
    {
        if (refunded == 0 && denied == 0 && pending == 0 && kept == 0)
        {
            return;
        }

        if (!_labelDays.TryGetValue(day, out var row))
        {
            _labelDays.Add(day, row = new ReportLabelDay { Day = day });
        }

        row.RefundedCents += refunded;
        row.DeniedCents += denied;
        row.PendingCents += pending;
        row.KeptCents += kept;
    }

    internal void KeptLabelDay(DateOnly day, string carrier, DateOnly labelDay, bool scanned, long cents, long labels)
    {
        var key = (day, carrier, labelDay, scanned);
        if (!_keptLabelDays.TryGetValue(key, out var row))
        {
            _keptLabelDays.Add(key, row = new ReportKeptLabelDay { Day = day, Carrier = carrier, LabelDay = labelDay, Scanned = scanned });
        }

        row.KeptCents += cents;
        row.Labels += labels;
    }
}

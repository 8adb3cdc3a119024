using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Reports;

/// <summary>
/// The cancellation-rate report. Rate = orders cancelled ÷ orders placed, both counted by order
/// date within [From, To); "cancelled" is the order's status now, so an order restored later no
/// longer counts. What each order counts is defined once, in <see cref="ReportCounts"/>: the whole
/// UTC days of the period are read from the summary tables the writer keeps by that definition,
/// and the parts of a day at either end (a period in a non-UTC zone starts and ends off UTC
/// midnight) apply the same definition to those few hours of orders. Nothing here is SQL of one
/// database; the partial results are added up in memory.
/// Label costs kept on cancelled orders are split, when the report runs, into lost (refund window
/// passed) and recoverable (still inside it) by the carriers' rules (<see cref="CarrierRules.Split"/>):
/// the summaries keep them by carrier and UTC day of creation, and the one day per carrier whose
/// labels straddle "now" is read label by label.
/// </summary>
public sealed class CancellationReport(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, TimeProvider clock)
{
    /// <summary>Longest period the report accepts (daily buckets of ten years at most).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(3660);

    /// <exception cref="InvalidRequestException">The period ends before it starts, or is longer than ten years.</exception>
    public async Task<CancellationReportResult> RunAsync(CancellationReportRequest request, CancellationToken ct = default)
    {
        if (request.To <= request.From)
        {
            throw new InvalidRequestException("The end of the period must come after its start.");
        }

        if (request.Length > MaxLength)
        {
            throw new InvalidRequestException("The period can be at most ten years long.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var counted = await CountAsync(db, PeriodParts.Of(request.From, request.To), detail: true, ct);
        var before = await CountAsync(db, PeriodParts.Of(request.Previous.From, request.Previous.To), detail: false, ct);
        var current = Sum(counted.Orders);
        var (lost, recoverable) = await SplitKeptAsync(db, counted.Kept, now, ct);
        var refunds = counted.Refunds;
        var headline = new Headline(current, Sum(before.Orders),
            new LabelCosts(refunds.RefundedCents, refunds.PendingCents, refunds.DeniedCents, lost.Cents, lost.Labels, recoverable.Cents,
                recoverable.Labels, now));
        return new CancellationReportResult(
            request,
            headline,
            Series(request, counted.Orders),
            Reasons(counted.Cancellations, current.Cancelled),
            Channels(counted.Orders),
            Staff(counted.Cancellations),
            Skus(counted.Skus),
            await WarehousesAsync(db, counted.Orders, ct));
    }

    /// <summary>
    /// A period cut into the whole UTC days the summaries answer, [FirstDay, EndDay), and the
    /// instants before and after them (at most two pieces shorter than a day) that the orders answer.
    /// </summary>
    internal sealed record PeriodParts(DateOnly FirstDay, DateOnly EndDay, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Edges)
    {
        public bool HasWholeDays => FirstDay < EndDay;

        public DateTimeOffset WholeFrom => Midnight(FirstDay);

        public DateTimeOffset WholeTo => Midnight(EndDay);

        public static PeriodParts Of(DateTimeOffset from, DateTimeOffset to)
        {
            var first = DateOnly.FromDateTime(from.UtcDateTime);
            if (from.UtcDateTime.TimeOfDay != TimeSpan.Zero)
            {
                first = first.AddDays(1);
            }

            var end = DateOnly.FromDateTime(to.UtcDateTime);
            if (first >= end)
            {
                return new PeriodParts(first, first, [(from, to)]);
            }

            var edges = new List<(DateTimeOffset, DateTimeOffset)>(2);
            if (from < Midnight(first))
            {
                edges.Add((from, Midnight(first)));
            }

            if (Midnight(end) < to)
            {
                edges.Add((Midnight(end), to));
            }

            return new PeriodParts(first, end, edges);
        }

        public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>Placed and cancelled orders of one UTC day × sales channel × warehouse.</summary>
    internal sealed record OrderGroup(DateOnly Day, string Channel, int WarehouseId, long Placed, long Cancelled);

    private sealed record CancellationGroup(string Reason, bool StaffKnown, string StaffName, bool OnChannel, long Cancelled);

    private sealed record SkuGroup(string Sku, long Placed, long Cancelled, long Units);

    /// <summary>Refund amounts of the period's cancelled orders by state, in cents.</summary>
    private sealed record RefundSums(long RefundedCents, long DeniedCents, long PendingCents)
    {
        public static RefundSums None { get; } = new(0, 0, 0);

        public RefundSums Plus(long refunded, long denied, long pending) =>
            new(RefundedCents + refunded, DeniedCents + denied, PendingCents + pending);
    }

    /// <summary>
    /// Labels kept on cancelled orders placed in [OrderFrom, OrderTo), of one carrier, created on one
    /// UTC day, scanned or not: a summary row (or an edge's), to split by the carrier's window.
    /// </summary>
    private sealed record KeptGroup(DateTimeOffset OrderFrom, DateTimeOffset OrderTo, string Carrier, DateOnly LabelDay, bool Scanned,
        long Cents, long Labels);

    private readonly record struct Amount(long Cents, long Labels)
    {
        public Amount Plus(long cents, long labels) => new(Cents + cents, Labels + labels);
    }

    /// <summary>What the period's orders count, summaries and edges together (not yet added up).</summary>
    private sealed record Counted(List<OrderGroup> Orders, List<CancellationGroup> Cancellations, List<SkuGroup> Skus, RefundSums Refunds,
        List<KeptGroup> Kept);

    /// <param name="detail">False: only the orders placed and cancelled (the previous period).</param>
    private static async Task<Counted> CountAsync(OrdoroDbContext db, PeriodParts period, bool detail, CancellationToken ct)
    {
        var counted = new Counted([], [], [], RefundSums.None, []);
        if (period.HasWholeDays)
        {
            var (first, end) = (period.FirstDay, period.EndDay);
            counted.Orders.AddRange(await db.ReportOrderDays.AsNoTracking()
                .Where(r => r.Day >= first && r.Day < end && (r.Placed != 0 || r.Cancelled != 0))
                .Select(r => new OrderGroup(r.Day, r.Channel, r.WarehouseId, r.Placed, r.Cancelled))
                .ToListAsync(ct));
            if (detail)
            {
                counted.Cancellations.AddRange(await db.ReportCancelDays.AsNoTracking()
                    .Where(r => r.Day >= first && r.Day < end)
                    .GroupBy(r => new { r.CancelReason, r.StaffKnown, r.CancelledByName, r.CancelledOnChannel })
                    .Select(g => new CancellationGroup(g.Key.CancelReason, g.Key.StaffKnown, g.Key.CancelledByName, g.Key.CancelledOnChannel,
                        g.Sum(r => r.Cancelled)))
                    .ToListAsync(ct));
                counted.Skus.AddRange(await SkuSummariesAsync(db, first, end, ct));
                var refunds = await db.ReportLabelDays.AsNoTracking()
                    .Where(r => r.Day >= first && r.Day < end)
                    .GroupBy(r => 1)
                    .Select(g => new RefundSums(g.Sum(r => r.RefundedCents), g.Sum(r => r.DeniedCents), g.Sum(r => r.PendingCents)))
                    .SingleOrDefaultAsync(ct);
                counted = counted with { Refunds = refunds ?? RefundSums.None };
                counted.Kept.AddRange((await db.ReportKeptLabelDays.AsNoTracking()
                        .Where(r => r.Day >= first && r.Day < end)
                        .GroupBy(r => new { r.Carrier, r.LabelDay, r.Scanned })
                        .Select(g => new { g.Key.Carrier, g.Key.LabelDay, g.Key.Scanned, Cents = g.Sum(r => r.KeptCents), Labels = g.Sum(r => r.Labels) })
                        .ToListAsync(ct))
                    .Where(r => r.Cents != 0 || r.Labels != 0)
                    .Select(r => new KeptGroup(period.WholeFrom, period.WholeTo, r.Carrier, r.LabelDay, r.Scanned, r.Cents, r.Labels)));
            }
        }

        foreach (var (from, to) in period.Edges)
        {
            var change = new ReportChange();
            foreach (var subject in await SubjectsAsync(db, from, to, detail, ct))
            {
                ReportCounts.Add(subject, +1, change);
            }

            counted.Orders.AddRange(change.OrderDays.Select(r => new OrderGroup(r.Day, r.Channel, r.WarehouseId, r.Placed, r.Cancelled)));
            counted.Cancellations.AddRange(change.CancelDays.Select(r =>
                new CancellationGroup(r.CancelReason, r.StaffKnown, r.CancelledByName, r.CancelledOnChannel, r.Cancelled)));
            counted.Skus.AddRange(change.SkuDays.Select(r => new SkuGroup(r.Sku, r.PlacedOrders, r.CancelledOrders, r.CancelledUnits)));
            var refunds = counted.Refunds;
            foreach (var r in change.LabelDays)
            {
                refunds = refunds.Plus(r.RefundedCents, r.DeniedCents, r.PendingCents);
            }

            counted = counted with { Refunds = refunds };
            counted.Kept.AddRange(change.KeptLabelDays.Select(r => new KeptGroup(from, to, r.Carrier, r.LabelDay, r.Scanned, r.KeptCents, r.Labels)));
        }

        return counted;
    }

    /// <summary>
    /// The kept labels split at <paramref name="now"/> into lost (window passed, or scanned) and
    /// recoverable, each in cents and labels. A group whose labels straddle <paramref name="now"/>
    /// (created on the day whose windows close today) is read label by label, through the kept
    /// labels' partial index, and each label asked.
    /// </summary>
    private async Task<(Amount Lost, Amount Recoverable)> SplitKeptAsync(OrdoroDbContext db, IReadOnlyList<KeptGroup> groups, DateTimeOffset now,
        CancellationToken ct)
    {
        var (lost, recoverable) = (default(Amount), default(Amount));
        foreach (var g in groups)
        {
            var dayFrom = PeriodParts.Midnight(g.LabelDay);
            var dayTo = PeriodParts.Midnight(g.LabelDay.AddDays(1));
            switch (carriers.Split(g.Carrier, dayFrom, dayTo, g.Scanned, now))
            {
                case WindowSplit.Open:
                    recoverable = recoverable.Plus(g.Cents, g.Labels);
                    break;
                case WindowSplit.Closed:
                    lost = lost.Plus(g.Cents, g.Labels);
                    break;
                default:
                    var (carrier, orderFrom, orderTo) = (g.Carrier, g.OrderFrom, g.OrderTo);
                    var labels = await db.Labels.AsNoTracking()
                        .Where(l => l.KeptSince != null && l.Carrier == carrier && l.CreatedAt >= dayFrom && l.CreatedAt < dayTo && l.ScannedAt == null)
                        .Join(db.Orders.Where(o => o.OrderDate >= orderFrom && o.OrderDate < orderTo), l => l.OrderNumber, o => o.Number,
                            (l, o) => new { l.CreatedAt, l.CostCents })
                        .ToListAsync(ct);
                    foreach (var label in labels)
                    {
                        if (carriers.IsWindowOpen(new LabelFacts(carrier, label.CreatedAt, null, label.CostCents), now))
                        {
                            recoverable = recoverable.Plus(label.CostCents, 1);
                        }
                        else
                        {
                            lost = lost.Plus(label.CostCents, 1);
                        }
                    }

                    break;
            }
        }

        return (lost, recoverable);
    }

    /// <summary>
    /// Per SKU over the whole days [first, end): whole ISO weeks from the weekly summary (13 rows per
    /// SKU for 90 days instead of 90), the days around them from the daily one.
    /// </summary>
    private static async Task<List<SkuGroup>> SkuSummariesAsync(OrdoroDbContext db, DateOnly first, DateOnly end, CancellationToken ct)
    {
        var firstMonday = first.AddDays((7 - ((int)first.DayOfWeek + 6) % 7) % 7);
        var endMonday = ReportCounts.WeekOf(end);
        var parts = new List<SkuGroup>();
        if (firstMonday < endMonday)
        {
            parts.AddRange(await db.ReportSkuWeeks.AsNoTracking()
                .Where(r => r.Week >= firstMonday && r.Week < endMonday)
                .GroupBy(r => r.Sku)
                .Select(g => new SkuGroup(g.Key, g.Sum(r => r.PlacedOrders), g.Sum(r => r.CancelledOrders), g.Sum(r => r.CancelledUnits)))
                .ToListAsync(ct));
            await DaysAsync(first, firstMonday);
            await DaysAsync(endMonday, end);
        }
        else
        {
            await DaysAsync(first, end);
        }

        return parts;

        async Task DaysAsync(DateOnly from, DateOnly to)
        {
            if (from < to)
            {
                parts.AddRange(await db.ReportSkuDays.AsNoTracking()
                    .Where(r => r.Day >= from && r.Day < to)
                    .GroupBy(r => r.Sku)
                    .Select(g => new SkuGroup(g.Key, g.Sum(r => r.PlacedOrders), g.Sum(r => r.CancelledOrders), g.Sum(r => r.CancelledUnits)))
                    .ToListAsync(ct));
            }
        }
    }

    /// <summary>
    /// What the report reads of each order placed in [from, to) — less than a day of orders — in
    /// four indexed queries: the orders, and (for the detail) their lines, and the refunds and
    /// Active labels of the cancelled ones.
    /// </summary>
    private static async Task<List<ReportSubject>> SubjectsAsync(OrdoroDbContext db, DateTimeOffset from, DateTimeOffset to, bool detail,
        CancellationToken ct)
    {
        var placed = db.Orders.AsNoTracking().Where(o => o.OrderDate >= from && o.OrderDate < to);
        var orders = await placed
            .Select(o => new
            {
                o.Number, o.OrderDate, o.Channel, o.WarehouseId, o.Status,
                Reason = o.Cancellation == null ? null : o.Cancellation.Reason,
                ByName = o.Cancellation == null ? null : o.Cancellation.ByName,
                ById = o.Cancellation == null ? null : o.Cancellation.ById,
            })
            .ToListAsync(ct);
        ILookup<int, SkuUnits> lines = Array.Empty<SkuUnits>().ToLookup(_ => 0);
        ILookup<int, RefundAmount> refunds = Array.Empty<RefundAmount>().ToLookup(_ => 0);
        ILookup<int, KeptLabel> kept = Array.Empty<KeptLabel>().ToLookup(_ => 0);
        if (detail && orders.Count > 0)
        {
            lines = (await placed.Join(db.OrderLines, o => o.Number, l => l.OrderNumber, (o, l) => new { l.OrderNumber, l.Sku, l.Quantity })
                    .ToListAsync(ct))
                .ToLookup(l => l.OrderNumber, l => new SkuUnits(l.Sku, l.Quantity));
            var cancelled = placed.Where(o => o.Status == OrderStatus.Cancelled);
            refunds = (await cancelled.Join(db.RefundRequests, o => o.Number, r => r.OrderNumber, (o, r) => new { r.OrderNumber, r.State, r.AmountCents })
                    .ToListAsync(ct))
                .ToLookup(r => r.OrderNumber, r => new RefundAmount(r.State, r.AmountCents));
            kept = (await cancelled.Join(db.Labels.Where(l => l.State == LabelState.Active), o => o.Number, l => l.OrderNumber,
                        (o, l) => new { l.OrderNumber, l.Carrier, l.CreatedAt, Scanned = l.ScannedAt != null, l.CostCents })
                    .ToListAsync(ct))
                .ToLookup(l => l.OrderNumber, l => new KeptLabel(l.Carrier, l.CreatedAt, l.Scanned, l.CostCents));
        }

        return orders.Select(o => new ReportSubject(
                o.OrderDate, o.Channel, o.WarehouseId, o.Status == OrderStatus.Cancelled, o.Reason, o.ByName, Actor.IsChannelId(o.ById),
                lines[o.Number].ToList(), refunds[o.Number].ToList(),
                o.Status == OrderStatus.Cancelled ? kept[o.Number].ToList() : []))
            .ToList();
    }

    // Internal: the tests' direct-aggregation reference builds its tables from its own groups with these.
    internal static IReadOnlyList<RateBucket> Series(CancellationReportRequest period, IReadOnlyList<OrderGroup> groups)
    {
        var counted = groups
            .GroupBy(g => BucketOf(g.Day, period.Grouping))
            .ToDictionary(b => b.Key, b => Sum(b));

        // Every bucket of the period is listed, an empty one with a null rate, so the chart shows the gap.
        return Buckets(period).Select(start => new RateBucket(start, counted.GetValueOrDefault(start, RateFigures.None))).ToList();
    }

    internal static IReadOnlyList<ChannelRow> Channels(IReadOnlyList<OrderGroup> groups) =>
        groups
            .GroupBy(g => g.Channel)
            .Select(c => (c.Key, Figures: Sum(c)))
            .Where(c => c.Figures.Placed > 0)
            .Select(c => new ChannelRow(c.Key, c.Figures))
            .OrderBy(r => r.Channel, StringComparer.Ordinal)
            .ToList();

    internal static async Task<IReadOnlyList<WarehouseRow>> WarehousesAsync(OrdoroDbContext db, IReadOnlyList<OrderGroup> groups,
        CancellationToken ct)
    {
        var names = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        return groups
            .GroupBy(g => g.WarehouseId)
            .Select(w => (w.Key, Figures: Sum(w)))
            .Where(w => w.Figures.Placed > 0)
            .Select(w => new WarehouseRow(w.Key, names.GetValueOrDefault(w.Key, $"Warehouse {w.Key}"), w.Figures))
            .OrderBy(r => r.Warehouse, StringComparer.Ordinal)
            .ToList();
    }

    private static RateFigures Sum(IEnumerable<OrderGroup> groups)
    {
        var (placed, cancelled) = groups.Aggregate((Placed: 0L, Cancelled: 0L), (sum, g) => (sum.Placed + g.Placed, sum.Cancelled + g.Cancelled));
        return new RateFigures(checked((int)placed), checked((int)cancelled));
    }

    /// <summary>The UTC day, ISO week (Monday) or month of every instant in the period; the first and last may be partial.</summary>
    public static IEnumerable<DateOnly> Buckets(CancellationReportRequest period)
    {
        var first = DateOnly.FromDateTime(period.From.UtcDateTime);
        var last = DateOnly.FromDateTime(period.To.UtcDateTime.AddTicks(-1));
        for (var day = BucketOf(first, period.Grouping); day <= last; day = Next(day, period.Grouping))
        {
            yield return day;
        }
    }

    /// <summary>The first day of the bucket (UTC day, ISO week from Monday, or month) holding <paramref name="day"/>.</summary>
    internal static DateOnly BucketOf(DateOnly day, ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Week => ReportCounts.WeekOf(day),
        ReportGrouping.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    private static DateOnly Next(DateOnly day, ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Week => day.AddDays(7),
        ReportGrouping.Month => day.AddMonths(1),
        _ => day.AddDays(1),
    };

    private static IReadOnlyList<ReasonRow> Reasons(IReadOnlyList<CancellationGroup> cancellations, int cancelled) =>
        cancellations
            .GroupBy(r => r.Reason.Length == 0 ? (CancelReason?)null : Enum.Parse<CancelReason>(r.Reason))
            .Select(g => (Reason: g.Key, Count: checked((int)g.Sum(r => r.Cancelled))))
            .Where(r => r.Count != 0)
            .Select(r => new ReasonRow(r.Reason, r.Count, cancelled == 0 ? null : (decimal)r.Count / cancelled))
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<StaffRow> Staff(IReadOnlyList<CancellationGroup> cancellations) =>
        cancellations
            .GroupBy(r => (Name: r.StaffKnown ? r.StaffName : null, r.OnChannel))
            .Select(g => (g.Key.Name, g.Key.OnChannel, Count: checked((int)g.Sum(r => r.Cancelled))))
            .Where(r => r.Count != 0)
            .Select(r => new StaffRow(r.Name ?? "Unknown", r.Count) { OnChannel = r.OnChannel })
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.StaffName, StringComparer.Ordinal).ThenBy(r => r.OnChannel)
            .ToList();

    private static IReadOnlyList<SkuRow> Skus(IReadOnlyList<SkuGroup> parts) =>
        parts
            .GroupBy(p => p.Sku, StringComparer.Ordinal)
            .Select(g => new SkuRow(g.Key,
                new RateFigures(checked((int)g.Sum(p => p.Placed)), checked((int)g.Sum(p => p.Cancelled))),
                checked((int)g.Sum(p => p.Units))))
            .Where(r => r.Figures.Placed > 0)
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
}

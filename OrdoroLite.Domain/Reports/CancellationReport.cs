using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Reports;

/// <summary>
/// The cancellation-rate report. Rate = orders cancelled ÷ orders placed, both counted by order
/// date within [From, To); "cancelled" is the order's status now, so an order restored later no
/// longer counts. Every figure is summed by the database: the whole UTC days of the period from
/// the daily summaries the database keeps current (<see cref="SqliteReportSummaries"/>), and the
/// parts of a day at either end (a period in a non-UTC zone starts and ends off UTC midnight)
/// by GROUP BY / COUNT / SUM over those few orders. No order is loaded into memory; the partial
/// results are added up here.
/// </summary>
public sealed class CancellationReport(IDbContextFactory<OrdoroDbContext> contexts)
{
    /// <summary>Longest period the report accepts (daily buckets of ten years at most).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(3660);

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
        var period = PeriodParts.Of(request.From, request.To);
        var groups = await OrderGroupsAsync(db, request.Grouping, period, ct);
        var current = new RateFigures(groups.Sum(g => g.Placed), groups.Sum(g => g.Cancelled));
        var cancellations = await CancellationsAsync(db, period, ct);
        var headline = new Headline(current, await FiguresAsync(db, PeriodParts.Of(request.Previous.From, request.Previous.To), ct),
            await LabelCostsAsync(db, period, ct));
        return new CancellationReportResult(
            request,
            headline,
            Series(request, groups),
            Reasons(cancellations, current.Cancelled),
            Channels(groups),
            Staff(cancellations),
            await SkusAsync(db, period, ct),
            await WarehousesAsync(db, groups, ct));
    }

    /// <summary>
    /// A period cut into the whole UTC days the summaries answer, [FirstDay, EndDay), and the
    /// instants before and after them (at most two pieces shorter than a day) that the orders answer.
    /// </summary>
    internal sealed record PeriodParts(DateOnly FirstDay, DateOnly EndDay, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Edges)
    {
        public bool HasWholeDays => FirstDay < EndDay;

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

        private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    private static IQueryable<Order> Placed(OrdoroDbContext db, (DateTimeOffset From, DateTimeOffset To) range) =>
        db.Orders.AsNoTracking().Where(o => o.OrderDate >= range.From && o.OrderDate < range.To);

    private static IQueryable<Order> Cancelled(OrdoroDbContext db, (DateTimeOffset From, DateTimeOffset To) range) =>
        Placed(db, range).Where(o => o.Status == OrderStatus.Cancelled);

    private static async Task<RateFigures> FiguresAsync(OrdoroDbContext db, PeriodParts period, CancellationToken ct)
    {
        var sum = RateFigures.None;
        if (period.HasWholeDays)
        {
            var days = (await SummaryAsync<CountRow>(db, SqliteReportSummaries.Counts, period.FirstDay, period.EndDay, ct)).Single();
            sum = new RateFigures(days.Placed, days.Cancelled);
        }

        // Each edge is two counts, each a range on an index (IX_Orders_OrderDate, IX_Orders_Status_OrderDate).
        foreach (var edge in period.Edges)
        {
            sum = new RateFigures(sum.Placed + await Placed(db, edge).CountAsync(ct), sum.Cancelled + await Cancelled(db, edge).CountAsync(ct));
        }

        return sum;
    }

    private static async Task<LabelCosts> LabelCostsAsync(OrdoroDbContext db, PeriodParts period, CancellationToken ct)
    {
        var sum = LabelCosts.None;
        if (period.HasWholeDays)
        {
            var days = (await SummaryAsync<LabelCostRow>(db, SqliteReportSummaries.LabelCosts, period.FirstDay, period.EndDay, ct)).Single();
            sum = new LabelCosts(days.RefundedCents, days.DeniedCents, days.KeptCents, days.PendingCents);
        }

        foreach (var edge in period.Edges)
        {
            var cancelled = Cancelled(db, edge).Select(o => o.Number);
            var refunds = await db.RefundRequests.AsNoTracking()
                .Where(r => cancelled.Contains(r.OrderNumber))
                .GroupBy(r => r.State)
                .Select(g => new { State = g.Key, Cents = g.Sum(r => r.AmountCents) })
                .ToListAsync(ct);
            var kept = await db.Labels.AsNoTracking()
                .Where(l => l.State == LabelState.Active && cancelled.Contains(l.OrderNumber))
                .SumAsync(l => (long?)l.CostCents, ct) ?? 0;

            long Sum(params RefundState[] states) => refunds.Where(r => states.Contains(r.State)).Sum(r => r.Cents);
            sum = new LabelCosts(
                RefundedCents: sum.RefundedCents + Sum(RefundState.Approved),
                DeniedCents: sum.DeniedCents + Sum(RefundState.Denied),
                KeptCents: sum.KeptCents + kept,
                PendingCents: sum.PendingCents + Sum(RefundState.Requested, RefundState.Submitted));
        }

        return sum;
    }

    /// <summary>
    /// The period's orders counted per bucket × channel × warehouse (whole days from the
    /// summaries, the edges by <see cref="SqliteReportSql.OrderGroups"/>); the tables below add up these few rows.
    /// </summary>
    private static async Task<IReadOnlyList<OrderGroup>> OrderGroupsAsync(OrdoroDbContext db, ReportGrouping grouping, PeriodParts period,
        CancellationToken ct)
    {
        var rows = new List<OrderGroup>();
        if (period.HasWholeDays)
        {
            var bucketOfDay = grouping switch
            {
                ReportGrouping.Week => SqliteReportSummaries.WeekBucket,
                ReportGrouping.Month => SqliteReportSummaries.MonthBucket,
                _ => SqliteReportSummaries.DayBucket,
            };
            rows.AddRange(await SummaryAsync<OrderGroup>(db, SqliteReportSummaries.OrderGroups(bucketOfDay), period.FirstDay, period.EndDay, ct));
        }

        var bucket = grouping switch
        {
            ReportGrouping.Week => SqliteReportSql.WeekBucket,
            ReportGrouping.Month => SqliteReportSql.MonthBucket,
            _ => SqliteReportSql.DayBucket,
        };
        foreach (var (from, to) in period.Edges)
        {
            rows.AddRange(await db.Database
                .SqlQueryRaw<OrderGroup>(SqliteReportSql.OrderGroups(bucket), SqliteReportSql.Instant("@from", from), SqliteReportSql.Instant("@to", to))
                .ToListAsync(ct));
        }

        return period.Edges.Count == 0 ? rows : rows
            .GroupBy(g => (g.Bucket, g.Channel, g.WarehouseId))
            .Select(g => new OrderGroup
            {
                Bucket = g.Key.Bucket,
                Channel = g.Key.Channel,
                WarehouseId = g.Key.WarehouseId,
                Placed = g.Sum(x => x.Placed),
                Cancelled = g.Sum(x => x.Cancelled),
            })
            .ToList();
    }

    private static Task<List<T>> SummaryAsync<T>(OrdoroDbContext db, string sql, DateOnly from, DateOnly to, CancellationToken ct) =>
        db.Database.SqlQueryRaw<T>(sql, SqliteReportSummaries.Day("@from", from), SqliteReportSummaries.Day("@to", to)).ToListAsync(ct);

    // Internal: the tests' direct-aggregation reference builds its tables from its own groups with these.
    internal static IReadOnlyList<RateBucket> Series(CancellationReportRequest period, IReadOnlyList<OrderGroup> groups)
    {
        var counted = groups
            .GroupBy(g => DateOnly.ParseExact(g.Bucket, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToDictionary(b => b.Key, b => Sum(b));

        // Every bucket of the period is listed, an empty one with a null rate, so the chart shows the gap.
        return Buckets(period).Select(start => new RateBucket(start, counted.GetValueOrDefault(start, RateFigures.None))).ToList();
    }

    internal static IReadOnlyList<ChannelRow> Channels(IReadOnlyList<OrderGroup> groups) =>
        groups
            .GroupBy(g => g.Channel)
            .Select(c => new ChannelRow(c.Key, Sum(c)))
            .OrderBy(r => r.Channel, StringComparer.Ordinal)
            .ToList();

    internal static async Task<IReadOnlyList<WarehouseRow>> WarehousesAsync(OrdoroDbContext db, IReadOnlyList<OrderGroup> groups,
        CancellationToken ct)
    {
        var names = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        return groups
            .GroupBy(g => g.WarehouseId)
            .Select(w => new WarehouseRow(w.Key, names.GetValueOrDefault(w.Key, $"Warehouse {w.Key}"), Sum(w)))
            .OrderBy(r => r.Warehouse, StringComparer.Ordinal)
            .ToList();
    }

    private static RateFigures Sum(IEnumerable<OrderGroup> groups) =>
        groups.Aggregate(RateFigures.None, (sum, g) => new RateFigures(sum.Placed + g.Placed, sum.Cancelled + g.Cancelled));

    /// <summary>The UTC day, ISO week (Monday) or month of every instant in the period; the first and last may be partial.</summary>
    public static IEnumerable<DateOnly> Buckets(CancellationReportRequest period)
    {
        var first = DateOnly.FromDateTime(period.From.UtcDateTime);
        var last = DateOnly.FromDateTime(period.To.UtcDateTime.AddTicks(-1));
        var start = period.Grouping switch
        {
            ReportGrouping.Week => first.AddDays(-(((int)first.DayOfWeek + 6) % 7)),
            ReportGrouping.Month => new DateOnly(first.Year, first.Month, 1),
            _ => first,
        };
        for (var day = start; day <= last; day = Next(day, period.Grouping))
        {
            yield return day;
        }
    }

    private static DateOnly Next(DateOnly day, ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Week => day.AddDays(7),
        ReportGrouping.Month => day.AddMonths(1),
        _ => day.AddDays(1),
    };

    /// <summary>Cancelled orders per reason × staff member (a handful of rows), for the reason and staff tables.</summary>
    private static async Task<IReadOnlyList<CancellationRow>> CancellationsAsync(OrdoroDbContext db, PeriodParts period, CancellationToken ct)
    {
        var rows = new List<CancellationRow>();
        if (period.HasWholeDays)
        {
            rows.AddRange(await SummaryAsync<CancellationRow>(db, SqliteReportSummaries.Cancellations, period.FirstDay, period.EndDay, ct));
        }

        foreach (var edge in period.Edges)
        {
            var edgeRows = await Cancelled(db, edge)
                .GroupBy(o => new { o.CancelReason, o.CancelledByName })
                .Select(g => new { g.Key.CancelReason, g.Key.CancelledByName, Count = g.Count() })
                .ToListAsync(ct);
            rows.AddRange(edgeRows.Select(r => new CancellationRow
            {
                Reason = r.CancelReason?.ToString(),
                StaffName = r.CancelledByName,
                Cancelled = r.Count,
            }));
        }

        return rows;
    }

    private static IReadOnlyList<ReasonRow> Reasons(IReadOnlyList<CancellationRow> cancellations, int cancelled) =>
        cancellations
            .GroupBy(r => r.Reason is null ? (CancelReason?)null : Enum.Parse<CancelReason>(r.Reason))
            .Select(g => (Reason: g.Key, Count: g.Sum(r => r.Cancelled)))
            .Where(r => r.Count != 0)
            .Select(r => new ReasonRow(r.Reason, r.Count, cancelled == 0 ? null : (decimal)r.Count / cancelled))
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<StaffRow> Staff(IReadOnlyList<CancellationRow> cancellations) =>
        cancellations
            .GroupBy(r => r.StaffName)
            .Select(g => (Name: g.Key, Count: g.Sum(r => r.Cancelled)))
            .Where(r => r.Count != 0)
            .Select(r => new StaffRow(r.Name ?? "Unknown", r.Count))
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.StaffName, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Per SKU: whole ISO weeks inside the whole days from the weekly summary, the other whole days
    /// from the daily one, the edges from the orders' lines; added up per SKU.
    /// </summary>
    private static async Task<IReadOnlyList<SkuRow>> SkusAsync(OrdoroDbContext db, PeriodParts period, CancellationToken ct)
    {
        var parts = new List<SkuCount>();
        if (period.HasWholeDays)
        {
            var firstMonday = period.FirstDay.AddDays((7 - ((int)period.FirstDay.DayOfWeek + 6) % 7) % 7);
            var endMonday = period.EndDay.AddDays(-(((int)period.EndDay.DayOfWeek + 6) % 7));
            if (firstMonday < endMonday)
            {
                parts.AddRange(await SummaryAsync<SkuCount>(db, SqliteReportSummaries.Skus(weekly: true), firstMonday, endMonday, ct));
                if (period.FirstDay < firstMonday)
                {
                    parts.AddRange(await SummaryAsync<SkuCount>(db, SqliteReportSummaries.Skus(weekly: false), period.FirstDay, firstMonday, ct));
                }

                if (endMonday < period.EndDay)
                {
                    parts.AddRange(await SummaryAsync<SkuCount>(db, SqliteReportSummaries.Skus(weekly: false), endMonday, period.EndDay, ct));
                }
            }
            else
            {
                parts.AddRange(await SummaryAsync<SkuCount>(db, SqliteReportSummaries.Skus(weekly: false), period.FirstDay, period.EndDay, ct));
            }
        }

        foreach (var edge in period.Edges)
        {
            var lines =
                from order in Placed(db, edge)
                join line in db.OrderLines.AsNoTracking() on order.Number equals line.OrderNumber
                select new { line.Sku, order.Number, line.Quantity, IsCancelled = order.Status == OrderStatus.Cancelled };
            // DISTINCT: an order with two lines of one SKU is still one order.
            parts.AddRange(await lines
                .GroupBy(l => l.Sku)
                .Select(g => new SkuCount
                {
                    Sku = g.Key,
                    Placed = g.Select(l => l.Number).Distinct().Count(),
                    Cancelled = g.Where(l => l.IsCancelled).Select(l => l.Number).Distinct().Count(),
                    Units = g.Sum(l => l.IsCancelled ? l.Quantity : 0),
                })
                .ToListAsync(ct));
        }

        return parts
            .GroupBy(p => p.Sku, StringComparer.Ordinal)
            .Select(g => new SkuRow(g.Key, new RateFigures(g.Sum(p => p.Placed), g.Sum(p => p.Cancelled)), g.Sum(p => p.Units)))
            .Where(r => r.Figures.Placed > 0)
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Placed and cancelled orders of one bucket × sales channel × warehouse.</summary>
    internal sealed class OrderGroup
    {
        public string Bucket { get; set; } = "";

        public string Channel { get; set; } = "";

        public int WarehouseId { get; set; }

        public int Placed { get; set; }

        public int Cancelled { get; set; }
    }

    private sealed class CountRow
    {
        public int Placed { get; set; }

        public int Cancelled { get; set; }
    }

    private sealed class LabelCostRow
    {
        public long RefundedCents { get; set; }

        public long DeniedCents { get; set; }

        public long PendingCents { get; set; }

        public long KeptCents { get; set; }
    }

    private sealed class CancellationRow
    {
        public string? Reason { get; set; }

        public string? StaffName { get; set; }

        public int Cancelled { get; set; }
    }

    private sealed class SkuCount
    {
        public string Sku { get; set; } = "";

        public int Placed { get; set; }

        public int Cancelled { get; set; }

        public int Units { get; set; }
    }
}

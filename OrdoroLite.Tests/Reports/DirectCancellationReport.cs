using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The report as it was computed before the summary tables: every figure aggregated directly
/// over the period's orders (GROUP BY / COUNT / SUM). Kept only here, as the reference the
/// summary-based <see cref="CancellationReport"/> must match figure for figure. It shares no
/// counting with the report (not <see cref="ReportCounts"/>): only the series, channel and
/// warehouse tables are built from its groups by the report's own code. Kept labels are split at
/// <paramref name="now"/> by reading each one's carrier window here (profile data only, not
/// <c>CarrierRules.Split</c>): scanned, or created a window or more before now, is lost.
/// </summary>
public sealed class DirectCancellationReport(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, DateTimeOffset now)
{
    public async Task<CancellationReportResult> RunAsync(CancellationReportRequest request, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var groups = await OrderGroupsAsync(db, request, ct);
        var current = new RateFigures((int)groups.Sum(g => g.Placed), (int)groups.Sum(g => g.Cancelled));
        var headline = new Headline(current, await FiguresAsync(db, request.Previous, ct), await LabelCostsAsync(db, request, carriers, now, ct));
        return new CancellationReportResult(
            request,
            headline,
            CancellationReport.Series(request, groups),
            await ReasonsAsync(db, request, current.Cancelled, ct),
            CancellationReport.Channels(groups),
            await StaffAsync(db, request, ct),
            await SkusAsync(db, request, ct),
            await CancellationReport.WarehousesAsync(db, groups, ct));
    }

    private static IQueryable<Order> Placed(OrdoroDbContext db, CancellationReportRequest period) =>
        db.Orders.AsNoTracking().Where(o => o.OrderDate >= period.From && o.OrderDate < period.To);

    private static IQueryable<Order> Cancelled(OrdoroDbContext db, CancellationReportRequest period) =>
        Placed(db, period).Where(o => o.Status == OrderStatus.Cancelled);

    // The previous period needs only two counts, each a range on an index (IX_Orders_OrderDate and
    // IX_Orders_Status_OrderDate) that SQLite answers without reading the rows.
    private static async Task<RateFigures> FiguresAsync(OrdoroDbContext db, CancellationReportRequest period, CancellationToken ct) =>
        new(await Placed(db, period).CountAsync(ct), await Cancelled(db, period).CountAsync(ct));

    private static async Task<LabelCosts> LabelCostsAsync(OrdoroDbContext db, CancellationReportRequest period, CarrierRules carriers,
        DateTimeOffset now, CancellationToken ct)
    {
        var cancelled = Cancelled(db, period).Select(o => o.Number);
        var refunds = await db.RefundRequests.AsNoTracking()
            .Where(r => cancelled.Contains(r.OrderNumber))
            .GroupBy(r => r.State)
            .Select(g => new { State = g.Key, Cents = g.Sum(r => r.AmountCents) })
            .ToListAsync(ct);
        var kept = await db.Labels.AsNoTracking()
            .Where(l => l.State == LabelState.Active && cancelled.Contains(l.OrderNumber))
            .Select(l => new { l.Carrier, l.CreatedAt, l.ScannedAt, l.CostCents })
            .ToListAsync(ct);
        var lost = kept.Where(l => l.ScannedAt != null
            || (carriers.ProfileOf(l.Carrier).RefundWindow is { } window && now >= l.CreatedAt + window)).ToList();

        long Sum(params RefundState[] states) => refunds.Where(r => states.Contains(r.State)).Sum(r => r.Cents);
        return new LabelCosts(
            RefundedCents: Sum(RefundState.Approved),
            PendingCents: Sum(RefundState.Requested, RefundState.Submitted),
            RefusedCents: Sum(RefundState.Denied),
            LostCents: lost.Sum(l => l.CostCents),
            LostLabels: lost.Count,
            RecoverableCents: kept.Sum(l => l.CostCents) - lost.Sum(l => l.CostCents),
            RecoverableLabels: kept.Count - lost.Count,
            At: now);
    }

    /// <summary>The period's orders counted per UTC day × channel × warehouse, from the orders themselves.</summary>
    private static async Task<IReadOnlyList<CancellationReport.OrderGroup>> OrderGroupsAsync(OrdoroDbContext db, CancellationReportRequest period,
        CancellationToken ct)
    {
        var orders = await Placed(db, period).Select(o => new { o.OrderDate, o.Channel, o.WarehouseId, o.Status }).ToListAsync(ct);
        return orders
            .GroupBy(o => (Day: DateOnly.FromDateTime(o.OrderDate.UtcDateTime), o.Channel, o.WarehouseId))
            .Select(g => new CancellationReport.OrderGroup(g.Key.Day, g.Key.Channel, g.Key.WarehouseId, g.Count(),
                g.Count(o => o.Status == OrderStatus.Cancelled)))
            .ToList();
    }

    private static async Task<IReadOnlyList<ReasonRow>> ReasonsAsync(OrdoroDbContext db, CancellationReportRequest period,
        int cancelled, CancellationToken ct)
    {
        var rows = await Cancelled(db, period)
            .GroupBy(o => o.Cancellation!.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return rows
            .Select(r => new ReasonRow(r.Reason, r.Count, cancelled == 0 ? null : (decimal)r.Count / cancelled))
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<IReadOnlyList<StaffRow>> StaffAsync(OrdoroDbContext db, CancellationReportRequest period, CancellationToken ct)
    {
        // A sales channel's cancellations apart from staff's: its actor id starts "channel:" (docs/channels.md).
        var rows = (await Cancelled(db, period)
                .Select(o => new { o.Cancellation!.ByName, o.Cancellation.ById })
                .ToListAsync(ct))
            .GroupBy(o => (o.ByName, OnChannel: o.ById.StartsWith("channel:", StringComparison.Ordinal)))
            .Select(g => new { Name = g.Key.ByName, g.Key.OnChannel, Count = g.Count() });
        return rows
            .Select(r => new StaffRow(r.Name ?? "Unknown", r.Count) { OnChannel = r.OnChannel })
            .OrderByDescending(r => r.Cancelled).ThenBy(r => r.StaffName, StringComparer.Ordinal).ThenBy(r => r.OnChannel)
            .ToList();
    }

    private static async Task<IReadOnlyList<SkuRow>> SkusAsync(OrdoroDbContext db, CancellationReportRequest period, CancellationToken ct)
    {
        var lines =
            from order in Placed(db, period)
            join line in db.OrderLines.AsNoTracking() on order.Number equals line.OrderNumber
            select new { line.Sku, order.Number, line.Quantity, IsCancelled = order.Status == OrderStatus.Cancelled };
        // DISTINCT: an order with two lines of one SKU is still one order.
        var rows = await lines
            .GroupBy(l => l.Sku)
            .Select(g => new
            {
                Sku = g.Key,
                Placed = g.Select(l => l.Number).Distinct().Count(),
                Cancelled = g.Where(l => l.IsCancelled).Select(l => l.Number).Distinct().Count(),
                Units = g.Sum(l => l.IsCancelled ? l.Quantity : 0),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new SkuRow(r.Sku, new RateFigures(r.Placed, r.Cancelled), r.Units))
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The report's summary tables next to a recomputation straight from the orders, their lines,
/// labels and refund requests, written here independently of the app's counting
/// (<c>ReportCounts</c>) and of any database's SQL: plain loops over what EF reads. Rows whose
/// counts are all zero (an order cancelled then restored leaves one) are left out of both sides.
/// </summary>
public static class ReportSummaryReference
{
    /// <summary>Each summary table's rows, as text, and the same recomputed from the orders.</summary>
    public static async Task<List<(string Table, List<string> Stored, List<string> Recomputed)>> CompareAsync(
        IDbContextFactory<OrdoroDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var orders = await db.Orders.AsNoTracking()
            .Select(o => new
            {
                o.Number, o.OrderDate, o.Channel, o.WarehouseId, Cancelled = o.Status == OrderStatus.Cancelled,
                Reason = o.Cancellation == null ? null : o.Cancellation.Reason,
                By = o.Cancellation == null ? null : o.Cancellation.ByName,
                ById = o.Cancellation == null ? null : o.Cancellation.ById,
            })
            .ToListAsync();
        var lines = (await db.OrderLines.AsNoTracking().Select(l => new { l.OrderNumber, l.Sku, l.Quantity }).ToListAsync())
            .ToLookup(l => l.OrderNumber);
        var refunds = (await db.RefundRequests.AsNoTracking().Select(r => new { r.OrderNumber, r.State, r.AmountCents }).ToListAsync())
            .ToLookup(r => r.OrderNumber);
        var labels = (await db.Labels.AsNoTracking()
                .Select(l => new { l.OrderNumber, l.State, l.CostCents, l.Carrier, l.CreatedAt, Scanned = l.ScannedAt != null, l.KeptSince })
                .ToListAsync())
            .ToLookup(l => l.OrderNumber);

        var orderDays = new Dictionary<string, (long Placed, long Cancelled)>();
        var cancelDays = new Dictionary<string, long>();
        var skuDays = new Dictionary<string, (long Placed, long Cancelled, long Units)>();
        var skuWeeks = new Dictionary<string, (long Placed, long Cancelled, long Units)>();
        var labelDays = new Dictionary<string, (long Refunded, long Denied, long Pending, long Kept)>();
        var keptDays = new Dictionary<string, (long Cents, long Labels)>();
        var keptMarks = new List<string>();
        foreach (var order in orders)
        {
            var day = DateOnly.FromDateTime(order.OrderDate.UtcDateTime);
            var week = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
            var c = order.Cancelled ? 1 : 0;
            var key = Row(day, order.Channel, order.WarehouseId);
            var od = orderDays.GetValueOrDefault(key);
            orderDays[key] = (od.Placed + 1, od.Cancelled + c);
            foreach (var sku in lines[order.Number].GroupBy(l => l.Sku))
            {
                var units = sku.Sum(l => (long)l.Quantity);
                foreach (var (table, bucket) in new[] { (skuDays, day), (skuWeeks, week) })
                {
                    var k = Row(sku.Key, bucket);
                    var v = table.GetValueOrDefault(k);
                    table[k] = (v.Placed + 1, v.Cancelled + c, v.Units + (c * units));
                }
            }

            if (!order.Cancelled)
            {
                continue;
            }

            var reasonKey = Row(day, order.Reason?.ToString() ?? "NULL", order.By ?? "NULL",
                order.ById != null && order.ById.StartsWith("channel:", StringComparison.Ordinal));
            cancelDays[reasonKey] = cancelDays.GetValueOrDefault(reasonKey) + 1;
            var ld = labelDays.GetValueOrDefault(Row(day));
            foreach (var refund in refunds[order.Number])
            {
                ld = refund.State switch
                {
                    RefundState.Approved => ld with { Refunded = ld.Refunded + refund.AmountCents },
                    RefundState.Denied => ld with { Denied = ld.Denied + refund.AmountCents },
                    _ => ld with { Pending = ld.Pending + refund.AmountCents },
                };
            }

            ld = ld with { Kept = ld.Kept + labels[order.Number].Where(l => l.State == LabelState.Active).Sum(l => l.CostCents) };
            labelDays[Row(day)] = ld;
            foreach (var label in labels[order.Number].Where(l => l.State == LabelState.Active))
            {
                var k = Row(day, label.Carrier, DateOnly.FromDateTime(label.CreatedAt.UtcDateTime), label.Scanned);
                var kd = keptDays.GetValueOrDefault(k);
                keptDays[k] = (kd.Cents + label.CostCents, kd.Labels + 1);
            }
        }

        // Every label marked kept is an Active label of a cancelled order, and the other way round.
        var cancelledNumbers = orders.Where(o => o.Cancelled).Select(o => o.Number).ToHashSet();
        foreach (var label in labels.SelectMany(g => g))
        {
            var shouldBeKept = label.State == LabelState.Active && cancelledNumbers.Contains(label.OrderNumber);
            if (shouldBeKept != (label.KeptSince != null))
            {
                keptMarks.Add($"label of order {label.OrderNumber} ({label.State}) KeptSince={label.KeptSince?.ToString("u") ?? "NULL"}");
            }
        }

        return
        [
            ("ReportOrderDays",
                (await db.ReportOrderDays.AsNoTracking().Where(r => r.Placed != 0 || r.Cancelled != 0).ToListAsync())
                    .Select(r => Row(r.Day, r.Channel, r.WarehouseId, r.Placed, r.Cancelled)).ToList(),
                orderDays.Select(r => Row(r.Key, r.Value.Placed, r.Value.Cancelled)).ToList()),
            ("ReportCancelDays",
                (await db.ReportCancelDays.AsNoTracking().Where(r => r.Cancelled != 0).ToListAsync())
                    .Select(r => Row(r.Day, r.CancelReason.Length == 0 ? "NULL" : r.CancelReason, r.StaffKnown ? r.CancelledByName : "NULL",
                        r.CancelledOnChannel, r.Cancelled))
                    .ToList(),
                cancelDays.Select(r => Row(r.Key, r.Value)).ToList()),
            ("ReportSkuDays",
                (await db.ReportSkuDays.AsNoTracking().Where(r => r.PlacedOrders != 0 || r.CancelledOrders != 0 || r.CancelledUnits != 0).ToListAsync())
                    .Select(r => Row(r.Sku, r.Day, r.PlacedOrders, r.CancelledOrders, r.CancelledUnits)).ToList(),
                skuDays.Select(r => Row(r.Key, r.Value.Placed, r.Value.Cancelled, r.Value.Units)).ToList()),
            ("ReportSkuWeeks",
                (await db.ReportSkuWeeks.AsNoTracking().Where(r => r.PlacedOrders != 0 || r.CancelledOrders != 0 || r.CancelledUnits != 0).ToListAsync())
                    .Select(r => Row(r.Sku, r.Week, r.PlacedOrders, r.CancelledOrders, r.CancelledUnits)).ToList(),
                skuWeeks.Select(r => Row(r.Key, r.Value.Placed, r.Value.Cancelled, r.Value.Units)).ToList()),
            ("ReportLabelDays",
                (await db.ReportLabelDays.AsNoTracking()
                        .Where(r => r.RefundedCents != 0 || r.DeniedCents != 0 || r.PendingCents != 0 || r.KeptCents != 0).ToListAsync())
                    .Select(r => Row(r.Day, r.RefundedCents, r.DeniedCents, r.PendingCents, r.KeptCents)).ToList(),
                labelDays.Where(r => r.Value != default)
                    .Select(r => Row(r.Key, r.Value.Refunded, r.Value.Denied, r.Value.Pending, r.Value.Kept)).ToList()),
            ("ReportKeptLabelDays",
                (await db.ReportKeptLabelDays.AsNoTracking().Where(r => r.KeptCents != 0 || r.Labels != 0).ToListAsync())
                    .Select(r => Row(r.Day, r.Carrier, r.LabelDay, r.Scanned, r.KeptCents, r.Labels)).ToList(),
                keptDays.Select(r => Row(r.Key, r.Value.Cents, r.Value.Labels)).ToList()),
            ("Labels.KeptSince (labels marked kept that are not, or the other way round)", keptMarks, []),
        ];
    }

    public static async Task ShouldEqualRecomputationAsync(IDbContextFactory<OrdoroDbContext> contexts)
    {
        foreach (var (table, stored, recomputed) in await CompareAsync(contexts))
        {
            stored.Should().BeEquivalentTo(recomputed, "{0} must equal a recomputation from the orders", table);
        }
    }

    /// <summary>Rows of any query, each as its values joined by " | " (NULL for null); the SQL must suit the database.</summary>
    public static async Task<List<string>> RowsAsync(IDbContextFactory<OrdoroDbContext> contexts, string sql)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static string Row(params object[] values) =>
        string.Join(" | ", values.Select(v => v switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }));
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The report's summary tables next to a recomputation straight from Orders, OrderLines, Labels
/// and RefundRequests, written here independently of the production SQL. Rows whose counts are
/// all zero (an order cancelled then restored leaves one) are left out of both sides.
/// </summary>
public static class ReportSummaryReference
{
    private const string Cancelled = "'Cancelled'";

    private static readonly (string Table, string Stored, string Recomputed)[] Tables =
    [
        ("ReportOrderDays",
            """SELECT "Day", "Channel", "WarehouseId", "Placed", "Cancelled" FROM "ReportOrderDays" WHERE "Placed" <> 0 OR "Cancelled" <> 0""",
            $"""SELECT substr("OrderDate", 1, 10), "Channel", "WarehouseId", COUNT(*), SUM("Status" = {Cancelled}) FROM "Orders" GROUP BY 1, 2, 3"""),
        ("ReportCancelDays",
            """
            SELECT "Day", NULLIF("CancelReason", ''), CASE WHEN "StaffKnown" THEN "CancelledByName" END, "Cancelled"
            FROM "ReportCancelDays" WHERE "Cancelled" <> 0
            """,
            $"""
            SELECT substr("OrderDate", 1, 10), "CancelReason", "CancelledByName", COUNT(*)
            FROM "Orders" WHERE "Status" = {Cancelled} GROUP BY 1, 2, 3
            """),
        ("ReportSkuDays",
            """
            SELECT "Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits" FROM "ReportSkuDays"
            WHERE "PlacedOrders" <> 0 OR "CancelledOrders" <> 0 OR "CancelledUnits" <> 0
            """,
            $"""
            SELECT "Sku", "Day", COUNT(*), SUM("IsCancelled"), SUM("IsCancelled" * "Units")
            FROM (SELECT l."Sku", substr(o."OrderDate", 1, 10) AS "Day", o."Status" = {Cancelled} AS "IsCancelled", SUM(l."Quantity") AS "Units"
                  FROM "Orders" AS o JOIN "OrderLines" AS l ON l."OrderNumber" = o."Number"
                  GROUP BY o."Number", l."Sku")
            GROUP BY 1, 2
            """),
        ("ReportSkuWeeks",
            """
            SELECT "Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits" FROM "ReportSkuWeeks"
            WHERE "PlacedOrders" <> 0 OR "CancelledOrders" <> 0 OR "CancelledUnits" <> 0
            """,
            $"""
            SELECT "Sku", date("Day", '-6 days', 'weekday 1'), COUNT(*), SUM("IsCancelled"), SUM("IsCancelled" * "Units")
            FROM (SELECT l."Sku", substr(o."OrderDate", 1, 10) AS "Day", o."Status" = {Cancelled} AS "IsCancelled", SUM(l."Quantity") AS "Units"
                  FROM "Orders" AS o JOIN "OrderLines" AS l ON l."OrderNumber" = o."Number"
                  GROUP BY o."Number", l."Sku")
            GROUP BY 1, 2
            """),
        ("ReportLabelDays",
            """
            SELECT "Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents" FROM "ReportLabelDays"
            WHERE "RefundedCents" <> 0 OR "DeniedCents" <> 0 OR "PendingCents" <> 0 OR "KeptCents" <> 0
            """,
            $"""
            SELECT "Day", SUM("Refunded"), SUM("Denied"), SUM("Pending"), SUM("Kept")
            FROM (SELECT substr(o."OrderDate", 1, 10) AS "Day",
                         iif(r."State" = 'Approved', r."AmountCents", 0) AS "Refunded",
                         iif(r."State" = 'Denied', r."AmountCents", 0) AS "Denied",
                         iif(r."State" IN ('Requested', 'Submitted'), r."AmountCents", 0) AS "Pending",
                         0 AS "Kept"
                  FROM "RefundRequests" AS r JOIN "Orders" AS o ON o."Number" = r."OrderNumber" WHERE o."Status" = {Cancelled}
                  UNION ALL
                  SELECT substr(o."OrderDate", 1, 10), 0, 0, 0, l."CostCents"
                  FROM "Labels" AS l JOIN "Orders" AS o ON o."Number" = l."OrderNumber" WHERE o."Status" = {Cancelled} AND l."State" = 'Active')
            GROUP BY 1
            HAVING SUM("Refunded") <> 0 OR SUM("Denied") <> 0 OR SUM("Pending") <> 0 OR SUM("Kept") <> 0
            """),
    ];

    /// <summary>Each summary table's rows, as text, and the same recomputed from the orders.</summary>
    public static async Task<List<(string Table, List<string> Stored, List<string> Recomputed)>> CompareAsync(
        IDbContextFactory<OrdoroDbContext> contexts)
    {
        var result = new List<(string, List<string>, List<string>)>();
        foreach (var (table, stored, recomputed) in Tables)
        {
            result.Add((table, await RowsAsync(contexts, stored), await RowsAsync(contexts, recomputed)));
        }

        return result;
    }

    public static async Task ShouldEqualRecomputationAsync(IDbContextFactory<OrdoroDbContext> contexts)
    {
        foreach (var (table, stored, recomputed) in await CompareAsync(contexts))
        {
            stored.Should().BeEquivalentTo(recomputed, "{0} must equal a recomputation from the orders", table);
        }
    }

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
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// SQLite-specific SQL of the reports. Instants are stored as UTC text
/// 'yyyy-MM-dd HH:mm:ss[.fffffff]' (see <see cref="UtcInstantConverter"/>), so a bucket is a
/// date function of that text: UTC day, ISO week (starting Monday) or month, each returned as
/// the 'yyyy-MM-dd' of the bucket's first day.
/// </summary>
public static class SqliteReportSql
{
    public const string DayBucket = """substr("OrderDate", 1, 10)""";

    // '-6 days' then 'weekday 1' lands on the Monday on or before the day.
    public const string WeekBucket = """date("OrderDate", '-6 days', 'weekday 1')""";

    public const string MonthBucket = """strftime('%Y-%m-01', "OrderDate")""";

    /// <summary>
    /// Orders placed and cancelled by order date in [@from, @to), per bucket × sales channel ×
    /// ship-from warehouse: one pass over the period's orders (a range on IX_Orders_OrderDate)
    /// from which the headline, the series and the channel and warehouse tables are summed.
    /// At most buckets × channels × warehouses rows come back, never one per order.
    /// </summary>
    public static string OrderGroups(string bucket) => $"""
        SELECT {bucket} AS "Bucket",
               "Channel",
               "WarehouseId",
               COUNT(*) AS "Placed",
               COALESCE(SUM("Status" = 'Cancelled'), 0) AS "Cancelled"
        FROM "Orders"
        WHERE "OrderDate" >= @from AND "OrderDate" < @to
        GROUP BY 1, 2, 3
        """;

    /// <summary>An instant as a parameter in the stored format, so text comparison is time order.</summary>
    public static SqliteParameter Instant(string name, DateTimeOffset instant) =>
        new(name, instant.UtcDateTime.ToString(SqliteStatements.InstantFormat, CultureInfo.InvariantCulture));
}

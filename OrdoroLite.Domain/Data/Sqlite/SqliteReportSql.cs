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
    /// Orders placed and cancelled per bucket, by order date in [@from, @to). Reads only
    /// OrderDate and Status, so it runs on the IX_Orders_OrderDate range.
    /// </summary>
    public static string RateSeries(string bucket) => $"""
        SELECT {bucket} AS "Bucket",
               COUNT(*) AS "Placed",
               COALESCE(SUM("Status" = 'Cancelled'), 0) AS "Cancelled"
        FROM "Orders"
        WHERE "OrderDate" >= @from AND "OrderDate" < @to
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>An instant as a parameter in the stored format, so text comparison is time order.</summary>
    public static SqliteParameter Instant(string name, DateTimeOffset instant) =>
        new(name, instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
}

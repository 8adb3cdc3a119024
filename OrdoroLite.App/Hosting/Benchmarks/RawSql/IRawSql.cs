using System.Data.Common;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Hosting.Benchmarks.RawSql;

/// <summary>
/// The benchmark's hand-written twins of the use cases whose SQL differs from one database to
/// another: what a developer would write for the same work without the app's domain and writer.
/// One implementation per database provider, in this folder; the rest of the benchmark is plain
/// ADO.NET over <see cref="DbConnection"/>.
/// </summary>
internal interface IRawSql
{
    /// <summary>
    /// Cancels the orders that are not cancelled yet with their labels deleted, as
    /// <see cref="Domain.Orders.Actions.CancelOrders"/> does (status, version, stock, timeline,
    /// labels, refund requests, the report's summaries), in one transaction.
    /// </summary>
    /// <returns>How many orders it cancelled.</returns>
    Task<int> CancelAsync(DbConnection connection, IReadOnlyList<int> numbers, DateTimeOffset at, Actor by, CancelReason reason, string comment);

    /// <summary>
    /// Imports new orders as <see cref="Domain.Import.ImportOrders"/> does (orders, lines, Imported
    /// events, committed stock, the report's summaries), in one transaction.
    /// </summary>
    Task ImportAsync(DbConnection connection, IReadOnlyList<RawOrder> orders, DateTimeOffset at, Actor by, string source);

    /// <summary>An instant as a parameter value the way the app stores it on this database (hand-written WHERE clauses).</summary>
    object Instant(DateTimeOffset at);
}

/// <summary>An order of the import twin, already parsed; lines carry the product's id and SKU.</summary>
internal sealed record RawOrder(
    string Channel, string ChannelOrderId, DateTimeOffset OrderDate, string CustomerName, string CustomerEmail,
    string Street, string City, string Region, string PostalCode, string Country, int WarehouseId, bool AllDropshipped,
    IReadOnlyList<RawLine> Lines);

internal sealed record RawLine(int ProductId, string Sku, int Quantity, long UnitPriceCents);

internal static class RawSqlFor
{
    /// <summary>The twin for a provider name (<c>Database:Provider</c>).</summary>
    /// <exception cref="NotSupportedException">No twin is written for that database.</exception>
    public static IRawSql Provider(string name) => name.ToLowerInvariant() switch
    {
        "sqlite" => new RawSqlOnSqlite(),
        "postgres" => new RawSqlOnPostgres(),
        _ => throw new NotSupportedException($"The benchmark has no raw SQL for {name}."),
    };
}

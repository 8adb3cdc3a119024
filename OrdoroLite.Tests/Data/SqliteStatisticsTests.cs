using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>
/// SQLite plans with statistics only once ANALYZE has run (<c>SqliteProvider.RefreshStatisticsAsync</c>,
/// docs/performance.md "Views"): an import that doubles the orders takes them again, one that adds a
/// few does not (ANALYZE of a million orders costs about 2 s).
/// </summary>
public sealed class SqliteStatisticsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = default!;

    public Task InitializeAsync()
    {
        _world = new Scenario(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_import_that_doubles_the_orders_gives_the_planner_their_count_and_a_small_one_leaves_it()
    {
        var warehouse = await _world.AddWarehouseAsync("Main");
        await _world.AddProductAsync("MUG-1", stock: (warehouse, 10_000));
        (await OrdersInStatisticsAsync()).Should().BeNull("nothing has been analyzed in a database without orders");

        (await ImportAsync(first: 0, count: 40)).Imported.Should().Be(40);
        (await OrdersInStatisticsAsync()).Should().Be(40);

        (await ImportAsync(first: 40, count: 30)).Imported.Should().Be(30);
        (await OrdersInStatisticsAsync()).Should().Be(40, "70 orders are fewer than twice 40");

        (await ImportAsync(first: 70, count: 20)).Imported.Should().Be(20);
        (await OrdersInStatisticsAsync()).Should().Be(90);
    }

    [Fact]
    public async Task An_index_a_migration_adds_gets_statistics_at_the_next_start()
    {
        var warehouse = await _world.AddWarehouseAsync("Main");
        await _world.AddProductAsync("MUG-1", stock: (warehouse, 10_000));
        await ImportAsync(first: 0, count: 40);
        await using (var db = _database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE INDEX "IX_Orders_Test_Late" ON "Orders" ("Channel", "TotalCents");""");
        }

        (await StatisticOfAsync("IX_Orders_Test_Late")).Should().BeNull();

        await using (var db = _database.CreateDbContext())
        {
            await OrdoroData.MigrateAsync(db);
        }

        (await StatisticOfAsync("IX_Orders_Test_Late")).Should().StartWith("40 ", "the planner knows the new index as it knows the others");
    }

    private async Task<string?> StatisticOfAsync(string index)
    {
        await using var db = _database.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>("SELECT stat AS \"Value\" FROM sqlite_stat1 WHERE idx = {0}", index).SingleOrDefaultAsync();
    }

    private Task<ImportSummary> ImportAsync(int first, int count)
    {
        var csv = new StringBuilder(
            "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price\n");
        for (var i = first; i < first + count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"Shopify,SH-{i},2026-11-01T10:00:00Z,Pat Doe,pat@example.com,1 Main St,Springfield,IL,62701,US,Main,MUG-1,1,9.99\n");
        }

        return new ImportOrders(_database, _world.Clock)
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "orders.csv", Scenario.ScheduledImport);
    }

    // What the planner believes the orders number: the first figure of an index's statistic.
    private async Task<long?> OrdersInStatisticsAsync()
    {
        await using var db = _database.CreateDbContext();
        var analyzed = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync();
        if (analyzed == 0)
        {
            return null;
        }

        var stat = await db.Database.SqlQueryRaw<string>("SELECT stat AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Orders' AND idx IS NOT NULL LIMIT 1")
            .SingleOrDefaultAsync();
        return stat is null ? null : long.Parse(stat.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

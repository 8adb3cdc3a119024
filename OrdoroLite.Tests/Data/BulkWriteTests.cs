using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>
/// The bulk actions and the import save through <c>SaveInBulkAsync</c> (prepared statements on
/// SQLite, Data/Sqlite/SqliteChangeWriter). What lands in the database must be exactly what EF
/// Core's own SaveChanges would have written: same rows, same values, same storage classes.
/// </summary>
public sealed class BulkWriteTests
{
    // Random per database by design (order ids made up by the test helper, refund idempotency keys).
    private static readonly string[] RandomColumns = ["ChannelOrderId", "IdempotencyKey"];

    private static readonly string[] Tables = ["Orders", "OrderLines", "Labels", "RefundRequests", "OrderEvents", "InventoryLevels"];

    [Fact]
    public async Task Bulk_writes_store_exactly_the_rows_that_EF_Cores_SaveChanges_stores()
    {
        await using var bulk = TestDatabase.InMemory(bulkWrites: true);
        await using var plain = TestDatabase.InMemory(bulkWrites: false);

        var written = await RunDayOfWorkAsync(bulk);
        var expected = await RunDayOfWorkAsync(plain);

        written.Should().NotBeEmpty();
        written.Should().Equal(expected);
    }

    [Fact]
    public async Task Bulk_cancel_writes_through_prepared_statements_not_one_EF_command_per_row()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 10));
        var numbers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await world.PlaceShippedOrderWithLabelAsync(east, (widget, 1)));
        }

        var commands = new CommandLog();
        var outcome = await new CancelOrders(database.With(commands), world.Clock)
            .RunAsync(new CancelOrdersRequest(numbers, CancelReason.CustomerRequest, null, DeleteLabels: true), Scenario.Alice);

        outcome.Summary.Should().Be("3 cancelled");
        commands.Texts.Should().NotBeEmpty("the orders were read through EF");
        commands.Texts.Should().NotContain(t => t.Contains("UPDATE ") || t.Contains("INSERT "));
        (await world.SnapshotAsync()).RefundRequests.Should().Be(3);
    }

    /// <summary>Every kind of bulk write: import (new orders, lines, events), cancel with and without labels, restore, label create and delete.</summary>
    private static async Task<List<string>> RunDayOfWorkAsync(TestDatabase database)
    {
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var west = await world.AddWarehouseAsync("West");
        var widget = await world.AddProductAsync("W-1", false, (east, 10), (west, 20));
        var gadget = await world.AddProductAsync("G-1", stock: (east, 5));
        var dropshipped = await world.AddProductAsync("D-1", dropshipped: true);
        var open = await world.PlaceOrderAsync(east, (widget, 2), (gadget, 1));
        var labelled = await world.PlaceShippedOrderWithLabelAsync(east, (widget, 1));
        var stillLabelled = await world.PlaceShippedOrderWithLabelAsync(west, (widget, 3));
        var byHand = await world.PlaceOrderShippedByHandAsync(west, "HAND-1", (widget, 1));
        var dropship = await world.PlaceOrderAsync(west, (dropshipped, 4));

        var csv = """
            channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price
            Shopify,S-1,2026-11-01T09:15:00Z,Zoë Ångström,zoe@example.com,1 Elm St,Portland,OR,97201,US,East,W-1,2,12.50
            Shopify,S-1,2026-11-01T09:15:00Z,Zoë Ångström,zoe@example.com,1 Elm St,Portland,OR,97201,US,East,G-1,1,3.00
            eBay,E-9,2026-11-01T23:59:59.1234567Z,"O'Brien, Pat",pat@example.com,2 Oak Ave,Austin,TX,78701,US,West,D-1,1,99.99
            """;
        var import = await new ImportOrders(database, world.Clock)
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "day.csv", Scenario.Bob);
        import.Imported.Should().Be(2);

        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await world.CancelAsync([open, labelled, byHand, dropship], deleteLabels: true,
            reason: CancelReason.CustomerRequest, comment: "Café — customer changed their mind ✓");
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await world.Restore.RunAsync([open, labelled], "back on", Scenario.Bob);
        await world.DeleteLabels.RunAsync([stillLabelled], null, Scenario.Alice);
        await world.CreateLabels.RunAsync([open], "rebought", Scenario.Alice);
        await world.CancelAsync([open], deleteLabels: false, reason: CancelReason.SuspectedFraud);
        var again = await new ImportOrders(database, world.Clock)
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "day.csv", Scenario.Bob);
        again.Imported.Should().Be(0);

        return await DumpAsync(database);
    }

    /// <summary>Every row of the tables the actions write, each value as SQLite's quote() shows it (so 1 and '1' differ).</summary>
    private static async Task<List<string>> DumpAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var rows = new List<string>();
        foreach (var table in Tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            await using var select = connection.CreateCommand();
            select.CommandText = $"""
                SELECT {string.Join(" || ' | ' || ", columns.Select(c => RandomColumns.Contains(c) ? $"'{c}=(random)'" : $"'{c}=' || quote(\"{c}\")"))}
                FROM "{table}" ORDER BY rowid
                """;
            await using var rowsReader = await select.ExecuteReaderAsync();
            while (await rowsReader.ReadAsync())
            {
                rows.Add($"{table}: {rowsReader.GetString(0)}");
            }
        }

        return rows;
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}

using OrdoroLite.App.Features.Orders.Actions;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>
/// Every use case saves through the one writer (Data/StoreWriter: rows built from the EF model,
/// SQL from the provider's dialect). What lands in the database must be exactly what EF Core's
/// own SaveChanges writes for the same entities: same rows, same values, same storage classes.
/// </summary>
public sealed class StoreWriterTests
{
    private static readonly string[] Tables =
        ["Orders", "OrderLines", "Labels", "RefundRequests", "ChannelCancellations", "OrderEvents", "InventoryLevels"];

    [Fact]
    public async Task The_writer_stores_exactly_the_rows_that_EF_Cores_SaveChanges_stores_for_the_same_entities()
    {
        await using var byWriter = TestDatabase.InMemory();
        await using var byEf = TestDatabase.InMemory();
        await RunDayOfWorkAsync(byWriter);

        // The same entities, read back through EF, saved by EF's own SaveChanges into an empty database.
        var copy = new Scenario(byEf);
        await copy.AddWarehouseAsync("East");
        await copy.AddWarehouseAsync("West");
        foreach (var (sku, dropshipped) in new[] { ("W-1", false), ("G-1", false), ("D-1", true) })
        {
            await copy.AddProductAsync(sku, dropshipped);
        }

        await using (var source = byWriter.CreateDbContext())
        await using (var target = byEf.CreateDbContext())
        {
            target.Orders.AddRange(await source.Orders.AsNoTracking()
                .Include(o => o.Lines).Include(o => o.Labels).ThenInclude(l => l.Refund).Include(o => o.Events).Include(o => o.ChannelCancellations)
                .AsSplitQuery().ToListAsync());
            target.Inventory.AddRange(await source.Inventory.AsNoTracking().ToListAsync());
            await target.SaveChangesAsync();
        }

        var written = await DumpAsync(byWriter);
        written.Should().HaveCountGreaterThan(40, "the day of work writes every kind of row");
        written.Should().Equal(await DumpAsync(byEf));
    }

    [Fact]
    public async Task A_bulk_cancel_writes_through_the_writers_prepared_statements_not_EF_commands()
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
        var outcome = await new CancelOrders(database.With(commands), world.Clock, world.Carriers)
            .RunAsync(new CancelOrdersRequest(numbers, CancelReason.CustomerRequest, null, DeleteLabels: true), Scenario.Alice);

        outcome.Summary().Should().Be("3 cancelled");
        commands.Texts.Should().NotBeEmpty("the orders were read through EF");
        commands.Texts.Should().NotContain(t => t.Contains("UPDATE ") || t.Contains("INSERT "));
        (await world.SnapshotAsync()).RefundRequests.Should().Be(3);
    }

    [Fact]
    public async Task An_order_changed_by_someone_else_since_it_was_read_is_refused_by_its_version_and_nothing_is_written()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 10));
        var number = await world.PlaceOrderAsync(east, (widget, 2));
        Order stale;
        InventoryBook book;
        await using (var db = database.CreateDbContext())
        {
            stale = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Labels).ThenInclude(l => l.Refund)
                .SingleAsync(o => o.Number == number);
            book = new InventoryBook(await db.Inventory.AsNoTracking().ToListAsync());
        }

        // Someone else cancels and restores it meanwhile: same status as read, two versions later.
        await world.CancelAsync([number], deleteLabels: false, Scenario.Bob);
        await world.Restore.RunAsync([number], null, Scenario.Bob);
        var before = await world.SnapshotAsync();
        before.Orders.Single().Version.Should().Be(2);

        await using (var db = database.CreateDbContext())
        {
            await using var transaction = await db.GetService<IStoreDialect>().BeginWriteAsync(db.Database, default);
            stale.Cancel(CancelReason.Other, "stale", deleteLabel: false, Scenario.Alice, world.Clock.GetUtcNow(), book, world.Carriers);

            var save = () => OrdoroStore.SaveAsync(db, [stale], book, default);

            await save.Should().ThrowAsync<WriteConflictException>();
            await transaction.RollbackAsync();
        }

        (await world.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task An_operation_that_meets_another_writer_runs_again_and_after_four_tries_says_so_and_keeps_nothing()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 10));
        var number = await world.PlaceOrderAsync(east, (widget, 1));
        var attempts = 0;

        var succeedsOnThird = await OrdoroStore.WriteAsync(database, async (db, ct) =>
        {
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Number == number, ct);
            order.AddComment($"attempt {++attempts}", Scenario.Alice, world.Clock.GetUtcNow());
            await OrdoroStore.SaveAsync(db, [order], null, ct);
            return attempts < 3 ? throw new WriteConflictException("simulated") : attempts;
        }, default);
        var neverSucceeds = () => OrdoroStore.WriteAsync<int>(database, async (db, ct) =>
        {
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Number == number, ct);
            order.AddComment("never kept", Scenario.Alice, world.Clock.GetUtcNow());
            await OrdoroStore.SaveAsync(db, [order], null, ct);
            throw new WriteConflictException("simulated");
        }, default);

        succeedsOnThird.Should().Be(3);
        (await neverSucceeds.Should().ThrowAsync<DomainException>()).WithMessage(OrdoroStore.ConflictMessage);
        (await world.OrderAsync(number)).Events.Where(e => e.Type == OrderEventType.Commented).Select(e => e.Comment)
            .Should().Equal(["attempt 3"], "only the attempt that committed is kept");
    }

    /// <summary>Every kind of write: import (new orders, lines, events), cancel with and without labels, restore, label create and delete, hand shipping, a comment.</summary>
    private static async Task RunDayOfWorkAsync(TestDatabase database)
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
        await world.AddComment.RunAsync(byHand, "Ünïcode \"quoted\" comment", Scenario.Alice);

        // Both ways with the sales channel: a cancel sent to the channel (inserted, then answered) and the channel's own cancellations.
        var toChannel = await world.PlaceOrderAsync(east, (widget, 1));
        await world.Cancel.RunAsync(new CancelOrdersRequest([toChannel], CancelReason.OutOfStock, null, false, AlsoOnChannel: true, NotifyCustomer: true),
            Scenario.Alice);
        await new ChannelCancellationProcessor(database, new SandboxSalesChannel(new SandboxSalesChannelOptions(), world.Clock), world.Clock,
            new ChannelSyncOptions()).RunOnceAsync();
        var cancelledOnChannel = """
            channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price,status
            eBay,E-9,2026-11-01T23:59:59.1234567Z,"O'Brien, Pat",pat@example.com,2 Oak Ave,Austin,TX,78701,US,West,D-1,1,99.99,cancelled
            Etsy,T-1,2026-11-01T10:00:00Z,Kim Lee,kim@example.com,,,,,,East,W-1,1,5.00,Cancelled
            """;
        var channel = await new ImportOrders(database, world.Clock)
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(cancelledOnChannel)), "cancellations.csv", Scenario.Bob);
        (channel.CancelledOnChannel, channel.ImportedCancelled).Should().Be((1, 1));
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
                SELECT {string.Join(" || ' | ' || ", columns.Select(c => $"'{c}=' || quote(\"{c}\")"))}
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

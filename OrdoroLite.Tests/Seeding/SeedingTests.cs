using OrdoroLite.App.Features.Orders.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Seeding;

public sealed class SeedingTests
{
    private static readonly Actor Clerk = DemoStaff.Staff.AsActor();

    [Fact]
    public async Task Seeding_twice_at_the_same_now_gives_identical_rows_in_every_table()
    {
        await using var first = await SeededDatabase.CreateAsync();
        await using var second = await SeededDatabase.CreateAsync();

        var a = await first.ChecksumsAsync();
        var b = await second.ChecksumsAsync();

        a.Should().Equal(b);
        a.Values.Distinct().Should().HaveCount(a.Count, "every table has rows of its own");
    }

    [Fact]
    public async Task Seeding_a_database_that_already_has_orders_is_refused_and_writes_nothing()
    {
        await using var seeded = await SeededDatabase.CreateAsync();

        var again = () => DemoOrders.SeedAsync(seeded.Database, new FakeTimeProvider(SeededDatabase.Now));

        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*only into a new database*");
        (await seeded.CountAsync("SELECT COUNT(*) FROM Orders")).Should().Be(2_000);
    }

    [Fact]
    public async Task Seeded_orders_load_through_EF_with_lines_labels_refunds_and_inventory_changes()
    {
        await using var seeded = await SeededDatabase.CreateAsync();
        var world = new Scenario(seeded.Database);
        var number = Convert.ToInt32((await seeded.QueryAsync(
            "SELECT MIN(o.Number) FROM Orders o JOIN RefundRequests r ON r.OrderNumber = o.Number " +
            "WHERE o.Status = 'Cancelled' AND o.LabelDeletedAtCancel = 1 AND r.State = 'Approved'"))[0][0]);

        var order = await world.OrderAsync(number);

        order.Lines.Should().NotBeEmpty();
        order.Labels.Single().Refund!.State.Should().Be(RefundState.Approved);
        order.Events.Select(e => e.Type).Should().StartWith([OrderEventType.Imported]).And.EndWith(
            [OrderEventType.Cancelled, OrderEventType.LabelDeleted, OrderEventType.RefundRequested, OrderEventType.RefundSubmitted, OrderEventType.RefundApproved]);
        var imported = order.Events.First();
        imported.InventoryChanges.Should().BeEquivalentTo(order.Lines.Select(l =>
            new { l.Sku, order.WarehouseId, PhysicalOnHandDelta = 0, CommittedDelta = l.Quantity }));
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).InventoryChanges.Should().BeEquivalentTo(order.Lines.Select(l =>
            new { l.Sku, order.WarehouseId, PhysicalOnHandDelta = l.Quantity, CommittedDelta = 0 }));
    }

    [Fact]
    public async Task Restoring_and_cancelling_seeded_orders_through_the_services_moves_inventory_by_the_spec()
    {
        await using var seeded = await SeededDatabase.CreateAsync();
        var world = new Scenario(seeded.Database);
        world.Clock.SetUtcNow(SeededDatabase.Now.AddHours(1));
        async Task<int> First(string where) => Convert.ToInt32((await seeded.QueryAsync($"SELECT MIN(Number) FROM Orders WHERE {where}"))[0][0]);
        var wasAwaiting = await First("Status = 'Cancelled' AND StatusBeforeCancel = 'AwaitingFulfillment'");
        var labelDeleted = await First("Status = 'Cancelled' AND LabelDeletedAtCancel = 1");
        var labelKept = await First("Status = 'Cancelled' AND StatusBeforeCancel = 'Shipped' AND LabelDeletedAtCancel = 0 AND HandTrackingNumber IS NULL");
        var open = await First("Status = 'AwaitingFulfillment'");
        var shippedWithLabel = await First("Status = 'Shipped' AND HandTrackingNumber IS NULL");
        var numbers = new[] { wasAwaiting, labelDeleted, labelKept, open, shippedWithLabel };
        var before = await StockAsync(seeded, numbers);

        var restored = await world.Restore.RunAsync([wasAwaiting, labelDeleted, labelKept], "back in the workflow", Clerk);
        var cancelled = await world.Cancel.RunAsync(
            new CancelOrdersRequest([open, shippedWithLabel], CancelReason.CustomerRequest, null, DeleteLabels: true), Clerk);

        restored.Summary().Should().Be("3 restored");
        cancelled.Summary().Should().Be("2 cancelled");
        (await world.OrderAsync(wasAwaiting)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await world.OrderAsync(labelDeleted)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await world.OrderAsync(labelKept)).Status.Should().Be(OrderStatus.Shipped);
        (await world.OrderAsync(shippedWithLabel)).Labels.Single().State.Should().Be(LabelState.Deleted);
        var after = await StockAsync(seeded, numbers);
        var expected = new Dictionary<(long, long), (long Poh, long Committed)>(before);
        foreach (var (number, pohSign, committedSign) in new[] { (wasAwaiting, 0, +1), (labelDeleted, 0, +1), (open, 0, -1), (shippedWithLabel, +1, 0) })
        {
            var order = await world.OrderAsync(number);
            foreach (var line in order.Lines)
            {
                var key = ((long)line.ProductId, (long)order.WarehouseId);
                expected[key] = (expected[key].Poh + (pohSign * line.Quantity), expected[key].Committed + (committedSign * line.Quantity));
            }
        }

        after.Should().Equal(expected);
        (await seeded.LevelsAsync()).Should().OnlyContain(l => l.Stored == l.FromOpenOrders && l.Stored == l.FromTimeline);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(50, 20)]
    [InlineData(500, 10)]
    public async Task Seeding_with_the_smallest_catalogs_the_command_accepts_finishes_and_balances(int orders, int products)
    {
        // A 20-product catalog has two dropshipped products; a dropship order once wanted three distinct ones and never finished.
        await using var database = TestDatabase.InMemory();

        var summary = await DemoOrders.SeedAsync(database, new FakeTimeProvider(SeededDatabase.Now), new SeedSize(orders, products))
            .WaitAsync(TimeSpan.FromSeconds(60));

        summary.Orders.Should().Be(orders);
        summary.Products.Should().Be(products);
        await using var db = database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(orders);
        (await db.Inventory.CountAsync()).Should().Be(products * 3, "every product has a shelf at every warehouse");
    }

    /// <summary>POH and Committed of every level the given orders' lines touch.</summary>
    private static async Task<Dictionary<(long ProductId, long WarehouseId), (long Poh, long Committed)>> StockAsync(
        SeededDatabase seeded, int[] numbers)
    {
        var rows = await seeded.QueryAsync($"""
            SELECT DISTINCT i.ProductId, i.WarehouseId, i.PhysicalOnHand, i.Committed
            FROM Orders o JOIN OrderLines l ON l.OrderNumber = o.Number
            JOIN InventoryLevels i ON i.ProductId = l.ProductId AND i.WarehouseId = o.WarehouseId
            WHERE o.Number IN ({string.Join(", ", numbers)})
            """);
        return rows.ToDictionary(r => (Convert.ToInt64(r[0]), Convert.ToInt64(r[1])), r => (Convert.ToInt64(r[2]), Convert.ToInt64(r[3])));
    }

    /// <summary>Raw rows of a table, values as SQLite returns them, for exact comparison.</summary>
    private sealed class SeededTables(TestDatabase database)
    {
        public async Task<List<object?[]>> RawAsync(string table)
        {
            await using var db = database.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }
    }
}

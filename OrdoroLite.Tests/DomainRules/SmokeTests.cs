using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

public sealed class SmokeTests
{
    [Fact]
    public async Task Cancel_shipped_order_with_label_deleted_returns_units_to_origin_warehouse()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 10));
        var number = await world.PlaceOrderAsync(east, (widget, 3));
        await world.CreateLabels.RunAsync([number], null, Scenario.Alice);

        var outcome = await world.Cancel.RunAsync(new CancelOrdersRequest([number], CancelReason.CustomerRequest, "asked by phone", DeleteLabels: true), Scenario.Bob);

        outcome.Summary.Should().Be("1 cancelled");
        var level = await world.LevelAsync(widget, east);
        level.PhysicalOnHand.Should().Be(10);
        level.Committed.Should().Be(0);
        var order = await world.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Labels.Single().State.Should().Be(LabelState.Deleted);
        order.Labels.Single().Refund!.State.Should().Be(RefundState.Requested);
        order.Events.Select(e => e.Type).Should().Contain([OrderEventType.Cancelled, OrderEventType.LabelDeleted, OrderEventType.RefundRequested]);
    }

    [Fact]
    public async Task Raw_delete_of_an_order_is_refused_by_the_database()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 10));
        await world.PlaceOrderAsync(east, (widget, 1));
        await using var db = database.CreateDbContext();

        var delete = () => db.Database.ExecuteSqlRawAsync("DELETE FROM Orders");

        (await delete.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>())
            .Which.Message.Should().Contain("Orders are never deleted");
        (await db.Orders.CountAsync()).Should().Be(1);
    }
}

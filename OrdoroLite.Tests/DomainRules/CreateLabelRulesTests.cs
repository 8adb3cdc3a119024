using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>"Order statuses" of shared/spec/CANCELLATION.md: how orders arrive and get shipped.</summary>
public abstract class CreateLabelRulesTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Create_label_ships_awaiting_fulfillment_order_taking_units_off_the_shelf_and_out_of_committed()
    {
        await World.PlaceOrderAsync(West, (Widget, 2));
        var number = await World.PlaceOrderAsync(East, (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((10, 3));

        var outcome = await World.CreateLabels.RunAsync([number], "priority", Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "label created"));
        (await StockAsync(Widget, East)).Should().Be((7, 0));
        (await StockAsync(Widget, West)).Should().Be((10, 2));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Shipped);
        var label = order.Labels.Should().ContainSingle().Which;
        label.State.Should().Be(LabelState.Active);
        label.Carrier.Should().NotBeNullOrWhiteSpace();
        label.TrackingNumber.Should().NotBeNullOrWhiteSpace();
        label.CostCents.Should().BePositive();
        label.CreatedAt.Should().Be(World.Clock.GetUtcNow());
        var created = order.Events.Last();
        created.Type.Should().Be(OrderEventType.LabelCreated);
        created.ActorId.Should().Be(Scenario.Bob.Id);
        created.Comment.Should().Be("priority");
        created.InventoryChanges.Should().BeEquivalentTo([new InventoryChange("W-1", East, PhysicalOnHandDelta: -3, CommittedDelta: -3)]);
    }

    [Fact]
    public async Task Create_label_is_skipped_for_orders_that_are_not_awaiting_fulfillment()
    {
        var dropship = await World.PlaceOrderAsync(East, (Dropshipped, 1));
        var shipped = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 1));
        var cancelled = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.CancelAsync([cancelled], deleteLabels: false);
        var before = await World.SnapshotAsync();

        var outcome = await World.CreateLabels.RunAsync([dropship, shipped, cancelled], null, Scenario.Bob);

        outcome.Reported().Should().Equal(
            (dropship, OutcomeKind.Skipped, "dropshipped by the supplier"),
            (shipped, OutcomeKind.Skipped, "already shipped"),
            (cancelled, OutcomeKind.Skipped, "cancelled"));
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Order_of_dropshipped_products_goes_to_dropshipment_requested_and_commits_units_at_its_ship_from_warehouse()
    {
        var number = await World.PlaceOrderAsync(West, (Dropshipped, 5));

        var order = await World.OrderAsync(number);

        order.Status.Should().Be(OrderStatus.DropshipmentRequested);
        (await StockAsync(Dropshipped, West)).Should().Be((0, 5));
        (await StockAsync(Dropshipped, East)).Should().Be((0, 0));
        order.Events.Single().InventoryChanges.Should().BeEquivalentTo([new InventoryChange("D-1", West, PhysicalOnHandDelta: 0, CommittedDelta: 5)]);
    }

    [Fact]
    public async Task Order_with_any_stocked_product_awaits_fulfillment_and_commits_units_at_its_ship_from_warehouse()
    {
        var number = await World.PlaceOrderAsync(East, (Dropshipped, 1), (Widget, 2));

        var order = await World.OrderAsync(number);

        order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await StockAsync(Widget, East)).Should().Be((10, 2));
        (await StockAsync(Dropshipped, East)).Should().Be((0, 1));
        (await StockAsync(Widget, West)).Should().Be((10, 0));
    }

    public sealed class OnSqlite() : CreateLabelRulesTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : CreateLabelRulesTests(TestDatabase.Postgres());
}

using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Queries;

public sealed class OrderDetailsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private int _east;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _east = await _world.AddWarehouseAsync("East");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Unknown_order_number_gives_null()
    {
        var details = await new OrderDetails(_database, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, TimeProvider.System).FindAsync(99999);

        details.Should().BeNull();
    }

    [Fact]
    public async Task Details_show_customer_ship_to_channel_warehouse_and_lines_with_product_names()
    {
        var widget = await _world.AddProductAsync("W-1", stock: (_east, 10));
        var gadget = await _world.AddProductAsync("G-2", stock: (_east, 10));
        var number = await _world.PlaceOrderAsync(_east, (widget, 2), (gadget, 1));

        var details = await new OrderDetails(_database, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, TimeProvider.System).FindAsync(number);

        details.Should().NotBeNull();
        details!.Number.Should().Be(number);
        details.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        details.CustomerName.Should().Be("Casey Customer");
        details.ShipTo.Should().Be(new Address("1 Main St", "Springfield", "IL", "62701", "US"));
        details.Channel.Should().Be("Shopify");
        details.ChannelOrderId.Should().NotBeEmpty();
        details.WarehouseName.Should().Be("East");
        details.Lines.Should().Equal(
            new OrderLineView("W-1", "Product W-1", 2, 1_999),
            new OrderLineView("G-2", "Product G-2", 1, 1_999));
        details.TotalCents.Should().Be(3 * 1_999);
        details.Labels.Should().BeEmpty();
        details.LatestCancellation.Should().BeNull();
    }

    [Fact]
    public async Task Timeline_lists_every_event_newest_first_with_actor_reason_comment_and_inventory_changes()
    {
        var widget = await _world.AddProductAsync("W-1", stock: (_east, 10));
        var number = await _world.PlaceOrderAsync(_east, (widget, 3));
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        await _world.CreateLabels.RunAsync([number], "boxed", Scenario.Alice);
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        await _world.Cancel.RunAsync(
            new CancelOrdersRequest([number], CancelReason.CustomerRequest, "asked by phone", DeleteLabels: true), Scenario.Bob);

        var details = await new OrderDetails(_database, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, TimeProvider.System).FindAsync(number);

        var timeline = details!.Timeline;
        timeline.Select(e => e.Type).Should().Equal(
            OrderEventType.RefundRequested, OrderEventType.LabelDeleted, OrderEventType.Cancelled,
            OrderEventType.LabelCreated, OrderEventType.Imported);
        timeline.Select(e => e.At).Should().BeInDescendingOrder();
        var cancelled = timeline.Single(e => e.Type == OrderEventType.Cancelled);
        cancelled.TypeName.Should().Be("Cancelled");
        cancelled.ActorName.Should().Be("Bob Staff");
        cancelled.At.Should().Be(_world.Clock.GetUtcNow());
        cancelled.ReasonName.Should().Be("Customer request");
        cancelled.Comment.Should().Be("asked by phone");
        cancelled.InventoryChanges.Should().Equal(new InventoryChangeView("W-1", "East", 3, 0));
        var created = timeline.Single(e => e.Type == OrderEventType.LabelCreated);
        created.ActorName.Should().Be("Alice Staff");
        created.Comment.Should().Be("boxed");
        created.InventoryChanges.Should().Equal(new InventoryChangeView("W-1", "East", -3, -3));
        timeline.Single(e => e.Type == OrderEventType.Imported).InventoryChanges
            .Should().Equal(new InventoryChangeView("W-1", "East", 0, 3));
    }

    [Fact]
    public async Task Cancelled_order_shows_its_deleted_label_refund_state_and_latest_cancellation()
    {
        var widget = await _world.AddProductAsync("W-1", stock: (_east, 10));
        var number = await _world.PlaceOrderAsync(_east, (widget, 1));
        await _world.CreateLabels.RunAsync([number], null, Scenario.Alice);
        await _world.Cancel.RunAsync(
            new CancelOrdersRequest([number], CancelReason.OutOfStock, "none left", DeleteLabels: true), Scenario.Bob);

        var details = await new OrderDetails(_database, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, TimeProvider.System).FindAsync(number);

        var label = details!.Labels.Should().ContainSingle().Subject;
        label.State.Should().Be(LabelState.Deleted);
        label.TrackingNumber.Should().NotBeEmpty();
        label.RefundState.Should().Be(RefundState.Requested);
        label.RefundAmountCents.Should().Be(label.CostCents);
        details.LatestCancellation.Should().BeEquivalentTo(new
        {
            ByName = "Bob Staff",
            ReasonName = "Out of stock",
            Comment = "none left",
            StatusBefore = OrderStatus.Shipped,
            LabelDeleted = true,
        });
    }
}

using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>The restore table of shared/spec/CANCELLATION.md, one test per row, and the rules under it.</summary>
public abstract class RestoreRulesTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Restore_of_order_cancelled_from_awaiting_fulfillment_returns_it_to_awaiting_fulfillment_and_commits_units()
    {
        await World.PlaceOrderAsync(West, (Widget, 2));
        var number = await World.PlaceOrderAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: false);
        (await StockAsync(Widget, East)).Should().Be((10, 0));

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "restored to Awaiting Fulfillment"));
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await StockAsync(Widget, East)).Should().Be((10, 3));
        (await StockAsync(Widget, West)).Should().Be((10, 2));
    }

    [Fact]
    public async Task Restore_of_order_cancelled_from_dropshipment_requested_returns_it_to_dropshipment_requested_and_commits_units()
    {
        var number = await World.PlaceOrderAsync(East, (Dropshipped, 4));
        await World.CancelAsync([number], deleteLabels: false);
        (await StockAsync(Dropshipped, East)).Should().Be((0, 0));

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "restored to Dropshipment Requested"));
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.DropshipmentRequested);
        (await StockAsync(Dropshipped, East)).Should().Be((0, 4));
        (await StockAsync(Dropshipped, West)).Should().Be((0, 0));
    }

    [Fact]
    public async Task Restore_of_shipped_order_whose_label_was_kept_returns_it_to_shipped_and_moves_nothing()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: false);
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "restored to Shipped"));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Shipped);
        order.Labels.Single().State.Should().Be(LabelState.Active);
        order.Events.Last().InventoryChanges.Should().BeEmpty();
        (await StockAsync(Widget, East)).Should().Be((7, 0));
    }

    [Fact]
    public async Task Restore_of_order_shipped_by_hand_returns_it_to_shipped_and_moves_nothing()
    {
        var number = await World.PlaceOrderShippedByHandAsync(East, "1Z-HAND-4", (Widget, 3));
        await World.CancelAsync([number], deleteLabels: true);

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "restored to Shipped"));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Shipped);
        order.HandTrackingNumber.Should().Be("1Z-HAND-4");
        (await StockAsync(Widget, East)).Should().Be((7, 0));
    }

    [Fact]
    public async Task Restore_of_shipped_order_whose_label_was_deleted_at_cancel_returns_it_to_awaiting_fulfillment_and_commits_units()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: true);
        (await StockAsync(Widget, East)).Should().Be((10, 0));

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "restored to Awaiting Fulfillment"));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        order.Labels.Single().State.Should().Be(LabelState.Deleted);
        (await StockAsync(Widget, East)).Should().Be((10, 3));
        (await StockAsync(Widget, West)).Should().Be((10, 0));
    }

    [Fact]
    public async Task Restore_that_drives_available_below_zero_is_allowed_and_warns_for_each_such_sku()
    {
        var cancelled = await World.PlaceOrderAsync(East, (Widget, 6), (Gadget, 5));
        await World.CancelAsync([cancelled], deleteLabels: false);
        await World.PlaceOrderAsync(East, (Widget, 6));
        (await StockAsync(Widget, East)).Should().Be((10, 6));

        var outcome = await World.Restore.RunAsync([cancelled], null, Scenario.Bob);

        var restored = outcome.Orders.Single();
        restored.Kind.Should().Be(OutcomeKind.Done);
        restored.Warnings.Should().Equal("SKU W-1: Available at the ship-from warehouse is now -2.");
        outcome.Summary().Should().Be("1 restored, 1 stock warning");
        (await StockAsync(Widget, East)).Should().Be((10, 12));
        (await StockAsync(Gadget, East)).Should().Be((20, 5));
    }

    [Fact]
    public async Task Restore_that_keeps_available_at_or_above_zero_gives_no_warning()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 10));
        await World.CancelAsync([number], deleteLabels: false);

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Orders.Single().Warnings.Should().BeEmpty();
        (await StockAsync(Widget, East)).Should().Be((10, 10));
    }

    [Fact]
    public async Task Restore_is_recorded_on_the_timeline_with_staff_utc_instant_comment_and_inventory_changes()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: false, reason: CancelReason.OutOfStock, comment: "no stock");
        World.Clock.Advance(TimeSpan.FromDays(1));

        await World.Restore.RunAsync([number], "  stock arrived  ", Scenario.Bob);

        var order = await World.OrderAsync(number);
        var restored = order.Events.Last();
        restored.Type.Should().Be(OrderEventType.Restored);
        restored.ActorId.Should().Be(Scenario.Bob.Id);
        restored.ActorName.Should().Be(Scenario.Bob.Name);
        restored.At.Should().Be(World.Clock.GetUtcNow());
        restored.At.Offset.Should().Be(TimeSpan.Zero);
        restored.Comment.Should().Be("stock arrived");
        restored.InventoryChanges.Should().BeEquivalentTo([new InventoryChange("W-1", East, PhysicalOnHandDelta: 0, CommittedDelta: 3)]);
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).Comment.Should().Be("no stock", "the timeline keeps the cancellation");
        order.Cancellation.Should().BeNull("the order is no longer cancelled");
    }

    [Fact]
    public async Task Restore_of_an_order_that_is_not_cancelled_is_skipped_and_changes_nothing()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var shipped = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();

        var outcome = await World.Restore.RunAsync([awaiting, shipped, 424_242], null, Scenario.Bob);

        outcome.Reported().Should().Equal(
            (awaiting, OutcomeKind.Skipped, "not cancelled (Awaiting Fulfillment)"),
            (shipped, OutcomeKind.Skipped, "not cancelled (Shipped)"),
            (424_242, OutcomeKind.NotFound, "order 424242 does not exist"));
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    public sealed class OnSqlite() : RestoreRulesTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : RestoreRulesTests(TestDatabase.Postgres());
}

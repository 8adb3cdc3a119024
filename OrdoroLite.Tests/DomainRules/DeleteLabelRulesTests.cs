using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>"Delete label (on its own, without cancelling)" of shared/spec/CANCELLATION.md.</summary>
public abstract class DeleteLabelRulesTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Delete_label_of_shipped_order_returns_units_requests_refund_and_puts_order_back_to_awaiting_fulfillment()
    {
        var westOrder = await World.PlaceShippedOrderWithLabelAsync(West, (Widget, 2));
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var outcome = await World.DeleteLabels.RunAsync([number], null, Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "label deleted, refund requested"));
        (await StockAsync(Widget, East)).Should().Be((10, 3), "the units are back on the shelf and promised to the order again");
        (await StockAsync(Widget, West)).Should().Be((8, 0));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        var label = order.Labels.Single();
        label.State.Should().Be(LabelState.Deleted);
        label.Refund!.State.Should().Be(RefundState.Requested);
        (await World.OrderAsync(westOrder)).Labels.Single().State.Should().Be(LabelState.Active);
    }

    [Fact]
    public async Task Delete_label_is_recorded_on_the_timeline_with_staff_utc_instant_comment_and_inventory_changes()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        World.Clock.Advance(TimeSpan.FromHours(3));

        await World.DeleteLabels.RunAsync([number], "wrong box size", Scenario.Bob);

        var events = (await World.OrderAsync(number)).Events;
        events.Select(e => e.Type).Should().Equal(
            OrderEventType.Imported, OrderEventType.LabelCreated, OrderEventType.LabelDeleted, OrderEventType.RefundRequested);
        var deleted = events.Single(e => e.Type == OrderEventType.LabelDeleted);
        deleted.ActorId.Should().Be(Scenario.Bob.Id);
        deleted.ActorName.Should().Be(Scenario.Bob.Name);
        deleted.At.Should().Be(World.Clock.GetUtcNow());
        deleted.At.Offset.Should().Be(TimeSpan.Zero);
        deleted.Comment.Should().Be("wrong box size");
        deleted.InventoryChanges.Should().BeEquivalentTo([new InventoryChange("W-1", East, PhysicalOnHandDelta: 3, CommittedDelta: 3)]);
    }

    [Fact]
    public async Task Delete_label_of_order_without_an_active_label_is_skipped_and_changes_nothing()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var byHand = await World.PlaceOrderShippedByHandAsync(East, "1Z-HAND-3", (Widget, 2));
        var before = await World.SnapshotAsync();

        var outcome = await World.DeleteLabels.RunAsync([awaiting, byHand], null, Scenario.Alice);

        outcome.Reported().Should().Equal(
            (awaiting, OutcomeKind.Skipped, "without an active label"),
            (byHand, OutcomeKind.Skipped, "without an active label"));
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Delete_label_of_a_cancelled_order_that_kept_it_returns_its_units_keeps_the_order_cancelled_and_a_restore_then_awaits_fulfillment()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: false);
        (await StockAsync(Widget, East)).Should().Be((7, 0), "the label was kept, so its units stayed off the shelf");

        var outcome = await World.DeleteLabels.RunAsync([number], "found it on the dock", Scenario.Bob);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "label deleted, refund requested"));
        (await StockAsync(Widget, East)).Should().Be((10, 0), "the units are back on the shelf; a cancelled order promises none");
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.LabelDeleted.Should().BeTrue();
        var label = order.Labels.Single();
        label.State.Should().Be(LabelState.Deleted);
        label.KeptSince.Should().BeNull();
        label.Refund!.State.Should().Be(RefundState.Requested);
        order.Events.Single(e => e.Type == OrderEventType.LabelDeleted).InventoryChanges
            .Should().BeEquivalentTo([new InventoryChange("W-1", East, PhysicalOnHandDelta: 3, CommittedDelta: 0)]);

        await World.Restore.RunAsync([number], null, Scenario.Alice);

        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment, "the spec's restore of a label deleted at cancel");
        (await StockAsync(Widget, East)).Should().Be((10, 3));
    }

    [Fact]
    public async Task Delete_label_of_a_cancelled_order_without_an_active_label_is_skipped_and_changes_nothing()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: true);
        var before = await World.SnapshotAsync();

        var outcome = await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        outcome.Reported().Should().Equal((number, OutcomeKind.Skipped, "without an active label"));
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Deleting_a_label_twice_requests_one_refund_and_returns_the_units_once()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        var again = await World.DeleteLabels.RunAsync([number], null, Scenario.Bob);

        again.Reported().Should().Equal((number, OutcomeKind.Skipped, "without an active label"));
        (await World.SnapshotAsync()).RefundRequests.Should().Be(1);
        (await StockAsync(Widget, East)).Should().Be((10, 3));
    }

    public sealed class OnSqlite() : DeleteLabelRulesTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : DeleteLabelRulesTests(TestDatabase.Postgres());
}

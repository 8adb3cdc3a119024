using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>The cancel table of shared/spec/CANCELLATION.md, one test per row, and the rules under it.</summary>
public abstract class CancelRulesTests(TestDatabase database) : TwoWarehouses(database)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_awaiting_fulfillment_order_releases_committed_units_at_origin_warehouse_and_keeps_physical_on_hand(bool deleteLabels)
    {
        var westOrder = await World.PlaceOrderAsync(West, (Widget, 2));
        var number = await World.PlaceOrderAsync(East, (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((10, 3));

        var outcome = await World.CancelAsync([number], deleteLabels);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "cancelled"));
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Widget, West)).Should().Be((10, 2));
        (await World.OrderAsync(westOrder)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_dropshipment_requested_order_releases_committed_units_at_origin_warehouse_and_keeps_physical_on_hand(bool deleteLabels)
    {
        await World.PlaceOrderAsync(West, (Dropshipped, 1));
        var number = await World.PlaceOrderAsync(East, (Dropshipped, 4));
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.DropshipmentRequested);
        (await StockAsync(Dropshipped, East)).Should().Be((0, 4));

        var outcome = await World.CancelAsync([number], deleteLabels);

        outcome.DoneCount.Should().Be(1);
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
        (await StockAsync(Dropshipped, East)).Should().Be((0, 0));
        (await StockAsync(Dropshipped, West)).Should().Be((0, 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_shipped_order_without_label_changes_no_inventory_and_keeps_hand_typed_tracking(bool deleteLabels)
    {
        var number = await World.PlaceOrderShippedByHandAsync(East, "1Z-HAND-1", (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var outcome = await World.CancelAsync([number], deleteLabels);

        outcome.DoneCount.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.HandTrackingNumber.Should().Be("1Z-HAND-1");
        order.Labels.Should().BeEmpty();
        order.Events.Should().NotContain(e => e.Type == OrderEventType.LabelDeleted || e.Type == OrderEventType.RefundRequested);
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).InventoryChanges.Should().BeEmpty();
        (await StockAsync(Widget, East)).Should().Be((7, 0));
    }

    [Fact]
    public async Task Cancel_shipped_order_keeping_its_label_changes_no_inventory_and_label_stays_active_with_tracking()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        var tracking = (await World.OrderAsync(number)).Labels.Single().TrackingNumber;
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var outcome = await World.CancelAsync([number], deleteLabels: false);

        outcome.DoneCount.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        var label = order.Labels.Single();
        label.State.Should().Be(LabelState.Active);
        label.TrackingNumber.Should().Be(tracking);
        label.Refund.Should().BeNull();
        order.Events.Should().NotContain(e => e.Type == OrderEventType.LabelDeleted || e.Type == OrderEventType.RefundRequested);
        (await StockAsync(Widget, East)).Should().Be((7, 0));
    }

    [Fact]
    public async Task Cancel_shipped_order_with_label_deleted_returns_units_to_origin_warehouse()
    {
        var westOrder = await World.PlaceShippedOrderWithLabelAsync(West, (Widget, 2));
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var outcome = await World.CancelAsync([number], deleteLabels: true, reason: CancelReason.CustomerRequest, comment: "asked by phone");

        outcome.Summary().Should().Be("1 cancelled");
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Widget, West)).Should().Be((8, 0));
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        var label = order.Labels.Single();
        label.State.Should().Be(LabelState.Deleted);
        label.DeletedAt.Should().Be(World.Clock.GetUtcNow());
        label.Refund!.State.Should().Be(RefundState.Requested);
        label.Refund.AmountCents.Should().Be(label.CostCents);
        order.Events.Select(e => e.Type).Should().Equal(
            OrderEventType.Imported, OrderEventType.LabelCreated,
            OrderEventType.Cancelled, OrderEventType.LabelDeleted, OrderEventType.RefundRequested);
        (await World.OrderAsync(westOrder)).Labels.Single().State.Should().Be(LabelState.Active);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_of_an_already_cancelled_order_is_skipped_as_already_cancelled_and_changes_nothing(bool deleteLabels)
    {
        var keptLabel = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        var wasAwaiting = await World.PlaceOrderAsync(East, (Gadget, 2));
        await World.CancelAsync([keptLabel, wasAwaiting], deleteLabels: false, Scenario.Alice, CancelReason.DuplicateOrder, "first");
        var before = await World.SnapshotAsync();
        World.Clock.Advance(TimeSpan.FromHours(1));

        var outcome = await World.CancelAsync([keptLabel, wasAwaiting], deleteLabels, Scenario.Bob, CancelReason.Other, "second");

        outcome.Reported().Should().Equal(
            (keptLabel, OutcomeKind.Skipped, "already cancelled"),
            (wasAwaiting, OutcomeKind.Skipped, "already cancelled"));
        outcome.Summary().Should().Be("0 cancelled, 2 skipped: already cancelled");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
        (await World.OrderAsync(keptLabel)).Labels.Single().State.Should().Be(LabelState.Active);
    }

    [Fact]
    public async Task Delete_label_box_in_a_mixed_bulk_cancel_applies_only_to_orders_with_an_active_label()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var dropship = await World.PlaceOrderAsync(East, (Dropshipped, 2));
        var byHand = await World.PlaceOrderShippedByHandAsync(East, "1Z-HAND-2", (Gadget, 3));
        var labelled = await World.PlaceShippedOrderWithLabelAsync(East, (Gadget, 4));
        (await StockAsync(Widget, East)).Should().Be((10, 1));
        (await StockAsync(Gadget, East)).Should().Be((13, 0));
        (await StockAsync(Dropshipped, East)).Should().Be((0, 2));

        var outcome = await World.CancelAsync([awaiting, dropship, byHand, labelled], deleteLabels: true);

        outcome.Summary().Should().Be("4 cancelled");
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Dropshipped, East)).Should().Be((0, 0));
        (await StockAsync(Gadget, East)).Should().Be((17, 0), "only the labelled order's 4 units come back, not the hand-shipped 3");
        foreach (var number in new[] { awaiting, dropship, byHand })
        {
            var order = await World.OrderAsync(number);
            order.Status.Should().Be(OrderStatus.Cancelled);
            order.Cancellation!.LabelDeleted.Should().BeFalse();
            order.Events.Should().NotContain(e => e.Type == OrderEventType.LabelDeleted || e.Type == OrderEventType.RefundRequested);
        }

        (await World.OrderAsync(byHand)).HandTrackingNumber.Should().Be("1Z-HAND-2");
        var withLabel = await World.OrderAsync(labelled);
        withLabel.Cancellation!.LabelDeleted.Should().BeTrue();
        withLabel.Labels.Single().State.Should().Be(LabelState.Deleted);
        withLabel.Labels.Single().Refund!.State.Should().Be(RefundState.Requested);
        (await World.SnapshotAsync()).RefundRequests.Should().Be(1);
        (await StockAsync(Gadget, West)).Should().Be((20, 0));
    }

    [Fact]
    public async Task Cancellation_records_staff_utc_instant_reason_comment_and_inventory_changes()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 3), (Gadget, 2));
        World.Clock.Advance(TimeSpan.FromMinutes(42));
        var at = World.Clock.GetUtcNow();

        await World.CancelAsync([number], deleteLabels: false, Scenario.Bob, CancelReason.ShippingDelay, "  carrier lost the parcel  ");

        var order = await World.OrderAsync(number);
        var cancelled = order.Events.Should().ContainSingle(e => e.Type == OrderEventType.Cancelled).Which;
        cancelled.ActorId.Should().Be(Scenario.Bob.Id);
        cancelled.ActorName.Should().Be(Scenario.Bob.Name);
        cancelled.At.Should().Be(at);
        cancelled.At.Offset.Should().Be(TimeSpan.Zero);
        cancelled.Reason.Should().Be(CancelReason.ShippingDelay);
        cancelled.Comment.Should().Be("carrier lost the parcel");
        cancelled.InventoryChanges.Should().BeEquivalentTo([
            new InventoryChange("W-1", East, PhysicalOnHandDelta: 0, CommittedDelta: -3),
            new InventoryChange("G-1", East, PhysicalOnHandDelta: 0, CommittedDelta: -2),
        ]);
        order.Cancellation.Should().Be(new Cancellation(at, Scenario.Bob.Id, Scenario.Bob.Name, CancelReason.ShippingDelay,
            "carrier lost the parcel", OrderStatus.AwaitingFulfillment, LabelDeleted: false));
    }

    [Fact]
    public async Task Cancellation_without_reason_or_comment_records_neither()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));

        await World.CancelAsync([number], deleteLabels: false, comment: "   ");

        var cancelled = (await World.OrderAsync(number)).Events.Single(e => e.Type == OrderEventType.Cancelled);
        cancelled.Reason.Should().BeNull();
        cancelled.Comment.Should().BeNull();
        cancelled.ActorId.Should().Be(Scenario.Alice.Id);
    }

    [Fact]
    public async Task Bulk_cancel_reports_each_order_as_cancelled_skipped_with_reason_or_not_found_in_selection_order()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var alreadyCancelled = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.CancelAsync([alreadyCancelled], deleteLabels: false);
        var labelled = await World.PlaceShippedOrderWithLabelAsync(West, (Widget, 1));
        const int missing = 987_654;

        var outcome = await World.CancelAsync([awaiting, missing, alreadyCancelled, labelled], deleteLabels: true);

        outcome.Reported().Should().Equal(
            (awaiting, OutcomeKind.Done, "cancelled"),
            (missing, OutcomeKind.NotFound, $"order {missing} does not exist"),
            (alreadyCancelled, OutcomeKind.Skipped, "already cancelled"),
            (labelled, OutcomeKind.Done, "cancelled"));
        outcome.Summary().Should().Be("2 cancelled, 1 skipped: already cancelled, 1 not found");
    }

    [Fact]
    public void Reasons_are_the_seven_of_the_spec()
    {
        CancelReasons.All.Select(r => r.DisplayName()).Should().Equal(
            "Customer request", "Out of stock", "Suspected fraud", "Duplicate order",
            "Address problem", "Shipping delay", "Other");
    }

    [Theory]
    [InlineData("Customer request")]
    [InlineData("Out of stock")]
    [InlineData("Suspected fraud")]
    [InlineData("Duplicate order")]
    [InlineData("Address problem")]
    [InlineData("Shipping delay")]
    [InlineData("Other")]
    public async Task Each_reason_of_the_spec_is_recorded_on_the_cancellation(string reasonText)
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));

        await World.CancelAsync([number], deleteLabels: false, reason: CancelReasons.Parse(reasonText));

        var order = await World.OrderAsync(number);
        order.Cancellation!.Reason!.Value.DisplayName().Should().Be(reasonText);
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).Reason!.Value.DisplayName().Should().Be(reasonText);
    }

    public sealed class OnSqlite() : CancelRulesTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : CancelRulesTests(TestDatabase.Postgres());
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Channels;

/// <summary>
/// docs/channels.md, "In: the channel cancels": a row of the order file with status "cancelled", for
/// an order in each status and for a new order, over real databases.
/// </summary>
public abstract class ChannelCancellationsInTests(TestDatabase database) : TwoWarehouses(database)
{
    private const string Header =
        "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price,status";

    [Fact]
    public async Task Channel_cancellation_of_an_awaiting_fulfillment_order_releases_committed_units_like_a_staff_cancel_attributed_to_the_channel_and_file()
    {
        var westOrder = await World.PlaceOrderAsync(West, (Widget, 2));
        var number = await World.PlaceOrderAsync(East, (Widget, 3), (Gadget, 1));
        (await StockAsync(Widget, East)).Should().Be((10, 3));

        var summary = await World.CancelOnChannelAsync([number], "shopify-cancellations.csv");

        summary.CancelledOnChannelStockReleased.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.ByName.Should().Be("Shopify");
        order.Cancellation.ById.Should().Be("channel:SHOPIFY");
        order.Cancellation.StatusBefore.Should().Be(OrderStatus.AwaitingFulfillment);
        order.Cancellation.Reason.Should().BeNull("the file says no reason");
        var cancelled = order.Events.Single(e => e.Type == OrderEventType.Cancelled);
        cancelled.ActorName.Should().Be("Shopify");
        cancelled.Detail.Should().Be("Cancelled on Shopify (file shopify-cancellations.csv, imported by Scheduled import).");
        cancelled.InventoryChanges.Should().BeEquivalentTo([new { Sku = "W-1", WarehouseId = East, PhysicalOnHandDelta = 0, CommittedDelta = -3 },
            new { Sku = "G-1", WarehouseId = East, PhysicalOnHandDelta = 0, CommittedDelta = -1 }]);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Gadget, East)).Should().Be((20, 0));
        (await StockAsync(Widget, West)).Should().Be((10, 2));
        (await World.OrderAsync(westOrder)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        order.ChannelCancellations.Should().BeEmpty("the channel cancelled it: nothing is sent back");
    }

    [Fact]
    public async Task Channel_cancellation_of_a_dropshipment_requested_order_releases_committed_units()
    {
        var number = await World.PlaceOrderAsync(East, (Dropshipped, 4));

        var summary = await World.CancelOnChannelAsync([number]);

        summary.CancelledOnChannelStockReleased.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.StatusBefore.Should().Be(OrderStatus.DropshipmentRequested);
        (await StockAsync(Dropshipped, East)).Should().Be((0, 0));
    }

    [Fact]
    public async Task Channel_cancellation_of_an_order_shipped_without_a_label_cancels_it_and_moves_no_stock()
    {
        var number = await World.PlaceOrderShippedByHandAsync(East, "1Z-HAND-1", (Widget, 3));
        (await StockAsync(Widget, East)).Should().Be((7, 0));

        var summary = await World.CancelOnChannelAsync([number]);

        summary.CancelledOnChannelShippedWithoutLabel.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.HandTrackingNumber.Should().Be("1Z-HAND-1");
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).InventoryChanges.Should().BeEmpty();
        (await StockAsync(Widget, East)).Should().Be((7, 0));
    }

    [Fact]
    public async Task Channel_cancellation_of_an_order_shipped_with_an_active_label_keeps_the_label_and_lists_the_order_as_needing_attention()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        var staffCancelledWithLabel = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 1));
        await World.CancelAsync([staffCancelledWithLabel], deleteLabels: false);
        var label = (await World.OrderAsync(number)).Labels.Single();

        var summary = await World.CancelOnChannelAsync([number]);

        summary.CancelledOnChannelLabelKept.Should().Be(1);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Labels.Single().State.Should().Be(LabelState.Active);
        order.Labels.Single().Refund.Should().BeNull();
        order.Events.Single(e => e.Type == OrderEventType.Cancelled).Detail.Should().Contain("label is still active");
        (await StockAsync(Widget, East)).Should().Be((6, 0), "the units left with the parcel; nothing comes back while the label is kept");
        var list = await new NeedsAttention(Database).LabelsKeptAsync(0, 25);
        list.Total.Should().Be(1, "only the channel's cancellation needs attention; staff chose to keep their label");
        list.Rows.Should().ContainSingle().Which.Should().Be(new OrdoroLite.Domain.Channels.KeptLabelRow(number, "Shopify", order.ChannelOrderId, World.Clock.GetUtcNow(),
            label.Carrier, label.TrackingNumber, label.CostCents));
    }

    [Fact]
    public async Task Channel_cancellation_of_an_already_cancelled_order_changes_nothing_and_is_counted_in_the_summary()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 2));
        await World.CancelAsync([number], deleteLabels: false, reason: CancelReason.OutOfStock);
        var before = await World.SnapshotAsync();

        var summary = await World.CancelOnChannelAsync([number]);

        summary.AlreadyCancelled.Should().Be(1);
        (summary.CancelledOnChannel, summary.CancelledIgnored, summary.AlreadyPresent, summary.Imported).Should().Be((0, 0, 0, 0));
        string.Join("\n", summary.Lines()).Should().Contain("1 cancelled on the channel and already cancelled here (nothing new)");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before, "nothing new: no event, no stock, the staff's cancellation stays");
    }

    [Fact]
    public async Task A_new_order_that_arrives_cancelled_is_created_cancelled_with_no_stock_committed_and_its_reimport_is_refused()
    {
        var csv = File(Row("NEW-1", status: "cancelled"), Row("NEW-1", sku: "G-1", status: "Canceled"));

        var summary = await ImportAsync(csv, "amazon.csv", channel: "Amazon");
        var again = await ImportAsync(File(Row("NEW-1", status: "open"), Row("NEW-1", sku: "G-1", status: "open")), "again.csv", channel: "amazon");

        (summary.Imported, summary.ImportedCancelled).Should().Be((1, 1));
        string.Join("\n", summary.Lines()).Should().Contain("1 imported, 1 of them already cancelled on the channel");
        await using var db = Database.CreateDbContext();
        var order = await db.Orders.AsNoTracking().Include(o => o.Events.OrderBy(e => e.Id)).SingleAsync();
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.ByName.Should().Be("Amazon");
        order.Cancellation.StatusBefore.Should().Be(OrderStatus.AwaitingFulfillment);
        order.Events.Select(e => e.Type).Should().Equal(OrderEventType.Imported, OrderEventType.Cancelled, OrderEventType.ReimportIgnored);
        order.Events.Should().OnlyContain(e => e.InventoryChanges.Count == 0);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Gadget, East)).Should().Be((20, 0));
        (again.Imported, again.CancelledIgnored).Should().Be((0, 1));
        (await db.Orders.CountAsync()).Should().Be(1, "the re-import guard knows the cancelled order");
    }

    [Fact]
    public async Task An_open_row_never_uncancels_an_order_the_channel_cancelled()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 2));
        await World.CancelOnChannelAsync([number]);
        var order = await World.OrderAsync(number);
        var row = $"Shopify,{order.ChannelOrderId},2026-11-01T10:00:00Z,Casey Customer,,,,,,,East,W-1,2,19.99,open";

        var summary = await ImportAsync(string.Join("\n", Header, row) + "\n", "open-again.csv");

        summary.CancelledIgnored.Should().Be(1);
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
    }

    [Fact]
    public async Task A_file_mixing_open_and_cancelled_rows_for_new_and_existing_orders_does_each_by_its_rule_in_one_transaction_and_counts_each_outcome()
    {
        var open = await World.PlaceOrderAsync(East, (Widget, 1));
        var keptOpen = await World.PlaceOrderAsync(East, (Widget, 1));
        var byHand = await World.PlaceOrderShippedByHandAsync(East, "HAND-9", (Gadget, 2));
        var labelled = await World.PlaceShippedOrderWithLabelAsync(East, (Gadget, 1));
        var staffCancelled = await World.PlaceOrderAsync(East, (Widget, 1));
        var staffCancelledAgain = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.CancelAsync([staffCancelled, staffCancelledAgain], deleteLabels: false);
        var ids = new Dictionary<int, string>();
        foreach (var n in new[] { open, keptOpen, byHand, labelled, staffCancelled, staffCancelledAgain })
        {
            ids[n] = (await World.OrderAsync(n)).ChannelOrderId;
        }

        var csv = File(
            Row("NEW-OPEN", qty: "2"),
            Row("NEW-CANCELLED", qty: "5", status: "cancelled"),
            Row(ids[open], status: "cancelled"),
            Row(ids[keptOpen]),
            Row(ids[byHand], sku: "G-1", status: "CANCELLED"),
            Row(ids[labelled], sku: "G-1", status: "cancelled"),
            Row(ids[staffCancelled], status: "cancelled"),
            Row(ids[staffCancelledAgain], status: "open"));

        var summary = await ImportAsync(csv, "mixed.csv");

        summary.Succeeded.Should().BeTrue();
        summary.Should().BeEquivalentTo(new
        {
            OrdersInFile = 8, Imported = 2, ImportedCancelled = 1, AlreadyPresent = 1, CancelledIgnored = 1, AlreadyCancelled = 1,
            CancelledOnChannelStockReleased = 1, CancelledOnChannelShippedWithoutLabel = 1, CancelledOnChannelLabelKept = 1, CancelledOnChannel = 3,
        }, o => o.ExcludingMissingMembers());
        string.Join("\n", summary.Lines()).Should().Contain(
            "3 cancelled on the channel: 1 released their committed stock, 1 shipped without a label, 1 shipped with an active label (label kept; see Needs attention)");
        (await World.OrderAsync(open)).Status.Should().Be(OrderStatus.Cancelled);
        (await World.OrderAsync(keptOpen)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await World.OrderAsync(byHand)).Status.Should().Be(OrderStatus.Cancelled);
        (await World.OrderAsync(labelled)).Labels.Single().State.Should().Be(LabelState.Active);
        (await World.OrderAsync(staffCancelled)).Cancellation!.ByName.Should().Be(Scenario.Alice.Name, "already cancelled: nothing new");
        (await World.OrderAsync(staffCancelledAgain)).Events.Should().Contain(e => e.Type == OrderEventType.ReimportIgnored);
        // Widget at East: 10 on hand; keptOpen 1 and the new open order 2 committed; the cancelled ones released theirs.
        (await StockAsync(Widget, East)).Should().Be((10, 3));
        (await StockAsync(Gadget, East)).Should().Be((17, 0));
        await using var db = Database.CreateDbContext();
        (await db.Orders.CountAsync(o => o.ChannelOrderId == "NEW-CANCELLED" && o.Status == OrderStatus.Cancelled)).Should().Be(1);
        (await db.ChannelCancellations.CountAsync()).Should().Be(0, "nothing the channel cancelled is sent back to it");
    }

    [Fact]
    public async Task A_file_whose_rows_of_one_order_disagree_on_status_or_that_has_an_unknown_status_imports_nothing()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();
        var id = (await World.OrderAsync(number)).ChannelOrderId;

        var disagree = await ImportAsync(File(Row(id, status: "cancelled"), Row(id, sku: "G-1", status: "")));
        var unknown = await ImportAsync(File(Row(id, status: "shipped")));

        disagree.Problems.Should().ContainSingle().Which.ToString().Should().Be(
            $"Line 3: order {id} from Shopify is open here but cancelled on line 2; every row of an order has the same status.");
        unknown.Problems.Should().ContainSingle().Which.ToString().Should().Be(
            "Line 2: status \"shipped\" is not open or cancelled (leave it empty for an open order).");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Restoring_an_order_the_channel_cancelled_commits_its_units_again_and_warns_that_the_channel_still_shows_it_cancelled()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 3));
        await World.CancelOnChannelAsync([number]);

        var outcome = await World.Restore.RunAsync([number], "customer called back", Scenario.Bob);

        var done = outcome.Orders.Single();
        done.Message.Should().Be("restored to Awaiting Fulfillment");
        var id = (await World.OrderAsync(number)).ChannelOrderId;
        done.ChannelWarning.Should().Be($"Shopify still shows order {id} cancelled: it was cancelled there. Reopen it on Shopify too if the customer still wants it.");
        (await StockAsync(Widget, East)).Should().Be((10, 3));
    }

    [Fact]
    public async Task Deleting_a_label_the_channel_cancellation_kept_requests_its_refund_returns_its_units_keeps_the_order_cancelled_and_clears_the_list()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelOnChannelAsync([number]);

        var outcome = await World.DeleteLabels.RunAsync([number], "parcel stopped", Scenario.Bob);

        outcome.Orders.Single().Should().Match<OrderOutcome>(o => o.Kind == OutcomeKind.Done);
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.LabelDeleted.Should().BeTrue();
        order.Cancellation.ByName.Should().Be("Shopify", "the cancellation stays the channel's");
        order.Labels.Single().State.Should().Be(LabelState.Deleted);
        order.Labels.Single().Refund!.State.Should().Be(RefundState.Requested);
        order.Events.TakeLast(2).Select(e => (e.Type, e.ActorName)).Should().Equal(
            (OrderEventType.LabelDeleted, Scenario.Bob.Name), (OrderEventType.RefundRequested, Scenario.Bob.Name));
        order.Events.Single(e => e.Type == OrderEventType.LabelDeleted).InventoryChanges.Should().BeEquivalentTo(
            [new { Sku = "W-1", WarehouseId = East, PhysicalOnHandDelta = 3, CommittedDelta = 0 }]);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await new NeedsAttention(Database).LabelsKeptAsync(0, 25)).Total.Should().Be(0);

        // Restored, it goes back to the pick list like an order cancelled with its label deleted (spec "Restore").
        await World.Restore.RunAsync([number], null, Scenario.Bob);
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        (await StockAsync(Widget, East)).Should().Be((10, 3));
    }

    [Fact]
    public async Task Deleting_the_label_of_a_channel_cancelled_order_that_has_none_is_skipped_and_changes_nothing()
    {
        var cancelledOpen = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.CancelOnChannelAsync([cancelledOpen]);
        var before = await World.SnapshotAsync();

        var outcome = await World.DeleteLabels.RunAsync([cancelledOpen], null, Scenario.Bob);

        outcome.Orders.Select(o => (o.Kind, o.Message)).Should().Equal((OutcomeKind.Skipped, "without an active label"));
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task The_report_counts_channel_cancellations_as_cancellations_with_the_channel_as_cancelled_by_apart_from_a_staff_member_of_the_same_name()
    {
        var day = new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.Zero);
        var onChannel = await World.PlaceOrderAsync(East, day, "Shopify", (Widget, 1));
        var onChannelToo = await World.PlaceOrderAsync(East, day, "Shopify", (Widget, 1));
        var byStaff = await World.PlaceOrderAsync(East, day, "Shopify", (Widget, 1));
        var byNamesake = await World.PlaceOrderAsync(East, day, "Shopify", (Widget, 1));
        await World.PlaceOrderAsync(East, day, "Shopify", (Widget, 1));
        await World.CancelOnChannelAsync([onChannel, onChannelToo]);
        await World.CancelAsync([byStaff], deleteLabels: false);
        await World.CancelAsync([byNamesake], deleteLabels: false, by: new Actor("user-shopify", "Shopify"));

        var report = await new CancellationReport(Database, World.Carriers, World.Clock).RunAsync(
            new CancellationReportRequest(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 8, 0, 0, 0, TimeSpan.Zero)));
        var edges = await new CancellationReport(Database, World.Carriers, World.Clock).RunAsync(
            new CancellationReportRequest(day.AddHours(-1), day.AddHours(1)));

        report.Headline.Current.Should().Be(new RateFigures(5, 4));
        report.Staff.Select(r => (r.StaffName, r.Cancelled, r.OnChannel)).Should().Equal(
            ("Shopify", 2, true), (Scenario.Alice.Name, 1, false), ("Shopify", 1, false));
        (report.CancelledOnChannels, report.CancelledHere).Should().Be((2, 2));
        edges.Staff.Should().BeEquivalentTo(report.Staff, o => o.WithStrictOrdering(), "the partial days count by the same rule");
        CancellationReportCsv.Staff(report).Should().Contain("Shopify,2,Sales channel").And.Contain("Shopify,1,Staff");
    }

    private static string Row(string id, string sku = "W-1", string qty = "1", string status = "") =>
        $"Shopify,{id},2026-11-01T10:00:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East,{sku},{qty},12.50,{status}";

    private static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    private Task<ImportSummary> ImportAsync(string csv, string name = "orders.csv", string? channel = null) =>
        new ImportOrders(Database, World.Clock).RunAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(channel is null ? csv : csv.Replace("\nShopify,", $"\n{channel},", StringComparison.Ordinal))),
            name, Scenario.ScheduledImport);

    public sealed class OnSqlite() : ChannelCancellationsInTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : ChannelCancellationsInTests(TestDatabase.Postgres());
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.Tests.Seeding;

/// <summary>What the demo seed puts in a new database, read back with raw SQL and with EF. These tests only read.</summary>
public sealed class DemoDataTests(SeededDatabase seeded) : IClassFixture<SeededDatabase>
{
    private static readonly string[] StaffIds = DemoStaff.Everyone.Select(p => p.Id).ToArray();

    [Fact]
    public async Task Demo_seed_has_three_warehouses_150_products_and_2000_orders_in_all_four_statuses_and_five_channels()
    {
        var byStatus = await seeded.QueryAsync("SELECT Status, COUNT(*) FROM Orders GROUP BY Status");
        var channels = await seeded.QueryAsync("SELECT DISTINCT Channel FROM Orders ORDER BY Channel");

        (await seeded.CountAsync("SELECT COUNT(*) FROM Warehouses")).Should().Be(3);
        (await seeded.CountAsync("SELECT COUNT(*) FROM Products")).Should().Be(150);
        (await seeded.CountAsync("SELECT COUNT(*) FROM Products WHERE IsDropshipped = 1")).Should().BeGreaterThan(10);
        (await seeded.CountAsync("SELECT COUNT(*) FROM Orders")).Should().Be(2_000);
        byStatus.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1])).Should().ContainKeys(
            nameof(OrderStatus.AwaitingFulfillment), nameof(OrderStatus.DropshipmentRequested),
            nameof(OrderStatus.Shipped), nameof(OrderStatus.Cancelled))
            .And.Subject.Values.Should().OnlyContain(n => n >= 20);
        channels.Select(r => (string)r[0]!).Should().Equal("Amazon", "Etsy", "Shopify", "Walmart", "eBay");
        seeded.Summary.Orders.Should().Be(2_000);
    }

    [Fact]
    public async Task Seeded_orders_have_one_to_three_lines_and_dates_within_the_last_120_days()
    {
        var lineCounts = await seeded.QueryAsync("SELECT MIN(n), MAX(n) FROM (SELECT COUNT(*) AS n FROM OrderLines GROUP BY OrderNumber)");
        var dates = await seeded.QueryAsync("SELECT MIN(OrderDate), MAX(OrderDate), MAX((SELECT MAX(At) FROM OrderEvents)) FROM Orders");

        (await seeded.CountAsync("SELECT COUNT(*) FROM Orders o WHERE NOT EXISTS (SELECT 1 FROM OrderLines l WHERE l.OrderNumber = o.Number)")).Should().Be(0);
        Convert.ToInt64(lineCounts[0][0]).Should().Be(1);
        Convert.ToInt64(lineCounts[0][1]).Should().Be(3);
        DateTime.Parse((string)dates[0][0]!).Should().BeOnOrAfter(SeededDatabase.Now.UtcDateTime.AddDays(-120));
        DateTime.Parse((string)dates[0][1]!).Should().BeOnOrBefore(SeededDatabase.Now.UtcDateTime);
        DateTime.Parse((string)dates[0][2]!).Should().BeOnOrBefore(SeededDatabase.Now.UtcDateTime);
    }

    [Fact]
    public async Task Seeded_shipped_orders_have_either_one_active_label_with_tracking_and_cost_or_hand_typed_tracking()
    {
        await using var db = seeded.Database.CreateDbContext();
        var shipped = await db.Orders.AsNoTracking().Include(o => o.Labels).Include(o => o.Events)
            .Where(o => o.Status == OrderStatus.Shipped).AsSplitQuery().ToListAsync();

        var withLabel = shipped.Where(o => o.Labels.Count > 0).ToList();
        var byHand = shipped.Where(o => o.Labels.Count == 0).ToList();
        withLabel.Should().HaveCountGreaterThan(500);
        byHand.Should().HaveCountGreaterThan(50);
        withLabel.Should().OnlyContain(o => o.Labels.Count == 1 && o.ActiveLabel != null
            && o.ActiveLabel.Carrier != "" && o.ActiveLabel.Service != "" && o.ActiveLabel.TrackingNumber != ""
            && o.ActiveLabel.CostCents > 0 && o.HandTrackingNumber == null
            && o.Events.Count(e => e.Type == OrderEventType.LabelCreated) == 1);
        withLabel.Select(o => o.ActiveLabel!.Carrier).Distinct().Should().BeEquivalentTo(["USPS", "UPS", "FedEx", "DHL"]);
        byHand.Should().OnlyContain(o => !string.IsNullOrEmpty(o.HandTrackingNumber)
            && o.Events.All(e => e.Type != OrderEventType.LabelCreated));
    }

    [Fact]
    public async Task Seeded_labels_follow_their_carriers_rules_scans_refusals_answers_and_kept_labels()
    {
        var rules = CarrierRules.Default;
        await using var db = seeded.Database.CreateDbContext();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Labels).ThenInclude(l => l.Refund).Include(o => o.Events)
            .Where(o => o.Labels.Any()).AsSplitQuery().ToListAsync();
        var labels = orders.SelectMany(o => o.Labels.Select(l => (Order: o, Label: l))).ToList();

        // Shipped labels are scanned a few hours after they are bought, as a package handed to the carrier is.
        var settled = labels.Where(x => x.Order.Status == OrderStatus.Shipped && x.Label.CreatedAt < SeededDatabase.Now.AddDays(-2)).ToList();
        settled.Should().OnlyContain(x => x.Label.ScannedAt >= x.Label.CreatedAt.AddHours(2) && x.Label.ScannedAt <= x.Label.CreatedAt.AddHours(30));
        settled.Should().OnlyContain(x => x.Order.Events.Count(e => e.Type == OrderEventType.LabelScanned) == 1);

        // A deleted label's refund is what its carrier's rules said when it was deleted.
        foreach (var (order, label) in labels.Where(x => x.Label.State == LabelState.Deleted))
        {
            var outlook = rules.Assess(label.Facts, label.DeletedAt!.Value);
            var refund = label.Refund!;
            if (outlook.IsRefused)
            {
                (refund.State, refund.DenialReason).Should().Be((RefundState.Denied, outlook.Reason), "order {0}", order.Number);
            }
            else
            {
                refund.State.Should().BeOneOf([RefundState.Requested, RefundState.Approved], "order {0}", order.Number);
            }

            if (refund.State == RefundState.Approved)
            {
                var stage = rules.Stage(label.Carrier, RefundState.Requested, refund.RequestedAt, null, null, SeededDatabase.Now);
                refund.DecidedAt.Should().BeOnOrAfter(stage.HeldUntil ?? refund.RequestedAt, "order {0}: not before the carrier's hold ends", order.Number)
                    .And.BeOnOrBefore(stage.DecisionBy ?? refund.RequestedAt.AddMinutes(10));
            }
        }

        // Labels kept on cancelled orders are marked kept since the cancel; some can still be refunded, some no longer.
        var kept = labels.Where(x => x.Label.IsActive && x.Order.Status == OrderStatus.Cancelled).ToList();
        kept.Should().OnlyContain(x => x.Label.KeptSince == x.Order.Cancellation!.At);
        labels.Where(x => !(x.Label.IsActive && x.Order.Status == OrderStatus.Cancelled)).Should().OnlyContain(x => x.Label.KeptSince == null);
        kept.Select(x => rules.IsWindowOpen(x.Label.Facts, SeededDatabase.Now)).Distinct().Should().BeEquivalentTo([true, false]);
        labels.Where(x => x.Label.Refund is { State: RefundState.Denied }).Should().NotBeEmpty("some labels were scanned before their order was cancelled");
    }

    [Fact]
    public async Task Seeded_cancelled_orders_record_demo_staff_reason_comment_and_a_matching_cancelled_event()
    {
        await using var db = seeded.Database.CreateDbContext();
        var cancelled = await db.Orders.AsNoTracking().Include(o => o.Labels).ThenInclude(l => l.Refund).Include(o => o.Events)
            .Where(o => o.Status == OrderStatus.Cancelled).AsSplitQuery().ToListAsync();

        cancelled.Should().HaveCountGreaterThan(150);
        cancelled.Should().OnlyContain(o => o.Cancellation != null
            && StaffIds.Contains(o.Cancellation.ById)
            && DemoStaff.Everyone.Single(p => p.Id == o.Cancellation.ById).DisplayName == o.Cancellation.ByName);
        cancelled.Select(o => o.Cancellation!.ById).Distinct().Should().HaveCount(DemoStaff.Everyone.Count);
        cancelled.Select(o => o.Cancellation!.Reason).Distinct().Should().HaveCountGreaterThan(5);
        cancelled.Count(o => o.Cancellation!.Comment != null).Should().BeGreaterThan(cancelled.Count / 2);
        foreach (var order in cancelled)
        {
            var cancel = order.Events.Single(e => e.Type == OrderEventType.Cancelled);
            (cancel.ActorId, cancel.ActorName, cancel.At, cancel.Reason, cancel.Comment).Should().Be(
                (order.Cancellation!.ById, order.Cancellation.ByName, order.Cancellation.At, order.Cancellation.Reason, order.Cancellation.Comment));
        }

        var labelDeleted = cancelled.Where(o => o.Cancellation!.LabelDeleted).ToList();
        var labelKept = cancelled.Where(o => o.Cancellation!.StatusBefore == OrderStatus.Shipped && o.ActiveLabel != null).ToList();
        labelDeleted.Should().NotBeEmpty();
        labelKept.Should().NotBeEmpty();
        labelDeleted.Should().OnlyContain(o => o.Cancellation!.StatusBefore == OrderStatus.Shipped
            && o.Labels.Single().State == LabelState.Deleted && o.Labels.Single().DeletedAt == o.Cancellation.At
            && o.Labels.Single().Refund!.AmountCents == o.Labels.Single().CostCents
            && o.Events.Any(e => e.Type == OrderEventType.LabelDeleted)
            && o.Events.Any(e => e.Type == OrderEventType.RefundRequested || e.Type == OrderEventType.RefundDenied));
        labelDeleted.Select(o => o.Labels.Single().Refund!.State).Distinct().Should().Contain([RefundState.Approved, RefundState.Denied],
            "refunds the carrier has answered by now are answered, and a label scanned before its cancel is refused");
        labelKept.Should().OnlyContain(o => !o.Cancellation!.LabelDeleted && o.Labels.Single().Refund == null
            && o.Events.All(e => e.Type != OrderEventType.LabelDeleted));
        cancelled.Select(o => (OrderStatus?)o.Cancellation!.StatusBefore).Distinct().Should().BeEquivalentTo(
            new OrderStatus?[] { OrderStatus.AwaitingFulfillment, OrderStatus.DropshipmentRequested, OrderStatus.Shipped });
    }

    [Fact]
    public async Task Every_seeded_timeline_starts_with_an_import_by_the_system_actor_and_is_in_time_order()
    {
        var firstEvents = await seeded.QueryAsync("""
            SELECT e.Type, e.ActorId, e.Detail, COUNT(*) FROM OrderEvents e
            WHERE e.Id = (SELECT MIN(Id) FROM OrderEvents f WHERE f.OrderNumber = e.OrderNumber)
            GROUP BY 1, 2, 3
            """);
        var outOfOrder = await seeded.CountAsync("""
            SELECT COUNT(*) FROM OrderEvents e JOIN OrderEvents f ON f.OrderNumber = e.OrderNumber AND f.Id > e.Id
            WHERE f.At < e.At
            """);

        firstEvents.Should().ContainSingle();
        firstEvents[0][..3].Should().Equal("Imported", DemoDataGenerator.Importer.Id, DemoDataGenerator.ImportDetail);
        Convert.ToInt64(firstEvents[0][3]).Should().Be(2_000);
        outOfOrder.Should().Be(0);
    }

    [Fact]
    public async Task Seeded_committed_stock_equals_the_units_of_open_orders_and_the_sum_of_the_timeline_at_every_level()
    {
        var levels = await seeded.LevelsAsync();

        levels.Should().HaveCount(150 * 3);
        levels.Should().OnlyContain(l => l.Stored == l.FromOpenOrders && l.Stored == l.FromTimeline);
        levels.Sum(l => l.Stored).Should().BeGreaterThan(100);
        levels.Should().OnlyContain(l => l.PhysicalOnHand >= 0);
        levels.Count(l => l.PhysicalOnHand - l.Stored < 0).Should().BeInRange(1, 30, "a few SKUs are oversold so the red Available shows");
    }
}

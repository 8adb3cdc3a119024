using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Refunds;

/// <summary>
/// The list of labels kept on cancelled orders (docs/refunds.md, "Labels kept on cancelled orders")
/// over a real database, with the scenario's fake clock (Monday 2026-11-02 15:30 UTC) and the
/// default carrier rules: USPS refunds within 30 days of the label's creation, UPS sets no deadline
/// while a label is unscanned. A label costs 450 + 85 per unit, in cents.
/// </summary>
public abstract class KeptLabelsTests(TestDatabase database) : TwoWarehouses(database)
{
    private KeptLabels List => new(Database, World.Carriers, World.Clock);

    [Fact]
    public async Task Lists_only_active_labels_of_cancelled_orders_sorted_by_when_their_refund_window_closes_with_the_amount_at_risk()
    {
        var bought = World.Clock.GetUtcNow();
        var first = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2)); // 620, closes day 30
        World.Clock.Advance(TimeSpan.FromDays(10));
        var noDeadline = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Widget, 1)); // 535, no deadline
        var later = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1)); // 535, closes day 40
        await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1)); // still shipped: in use, not kept
        var deletedAtCancel = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1));
        await World.CancelAsync([noDeadline, later, first], deleteLabels: false);
        await World.CancelAsync([deletedAtCancel], deleteLabels: true);

        var result = await List.GetAsync(new KeptLabelsRequest(KeptWindow.All));

        result.Rows.Select(r => r.OrderNumber).Should().Equal([first, later, noDeadline],
            "soonest closing first, the label without a deadline last; the shipped order's and the deleted label are not kept");
        result.Rows.Select(r => r.WindowClosesAt).Should().Equal(bought.AddDays(30), bought.AddDays(40), null);
        result.Rows.Select(r => r.CostCents).Should().Equal(620, 535, 535);
        result.Rows.Should().OnlyContain(r => r.KeptSince == World.Clock.GetUtcNow() && r.Outlook.Kind == RefundOutlookKind.Refund);
        (result.Total, result.TotalCents).Should().Be((3, 1_690));
    }

    [Fact]
    public async Task A_usps_label_past_its_30_days_or_a_scanned_one_moves_from_still_refundable_to_window_passed()
    {
        var old = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2));
        World.Clock.Advance(TimeSpan.FromDays(20));
        var young = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        var scanned = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Gadget, 1));
        await World.CancelAsync([old, young, scanned], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(11)); // old: day 31; young: day 11
        await World.ScanLabelAsync(scanned);

        var open = await List.GetAsync(new KeptLabelsRequest(KeptWindow.Open));
        var closed = await List.GetAsync(new KeptLabelsRequest(KeptWindow.Closed));

        open.Rows.Select(r => r.OrderNumber).Should().Equal(young);
        (open.Total, open.TotalCents).Should().Be((1, 535));
        closed.Rows.Select(r => r.OrderNumber).Should().BeEquivalentTo([old, scanned]);
        closed.Rows.Single(r => r.OrderNumber == old).Outlook.Cause.Should().Be(RefusalCause.WindowPassed);
        closed.Rows.Single(r => r.OrderNumber == scanned).Outlook.Cause.Should().Be(RefusalCause.Scanned);
        closed.TotalCents.Should().Be(620 + 535);
    }

    [Fact]
    public async Task A_kept_label_deleted_from_the_list_or_restored_with_its_order_is_no_longer_listed()
    {
        var deleted = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        var restored = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        var kept = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        await World.CancelAsync([deleted, restored, kept], deleteLabels: false);

        await World.DeleteLabels.RunAsync([deleted], null, Scenario.Alice);
        await World.Restore.RunAsync([restored], null, Scenario.Alice);

        (await List.GetAsync(new KeptLabelsRequest(KeptWindow.All))).Rows.Select(r => r.OrderNumber).Should().Equal(kept);
        (await World.OrderAsync(deleted)).Status.Should().Be(OrderStatus.Cancelled);
    }

    [Fact]
    public async Task Closing_soon_counts_the_still_refundable_kept_labels_whose_window_closes_within_seven_days()
    {
        var passed = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1)); // closes day 30
        World.Clock.Advance(TimeSpan.FromDays(8));
        var in6Days = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2)); // 620, closes day 38
        World.Clock.Advance(TimeSpan.FromDays(2));
        var in8Days = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1)); // closes day 40
        var noDeadline = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Widget, 1));
        await World.CancelAsync([passed, in6Days, in8Days, noDeadline], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(22)); // day 32

        var soon = await List.ClosingSoonAsync();

        soon.Should().Be((1, 620L), "the window passed on day 30 is no longer recoverable; day 40 is 8 days away; UPS sets no deadline");
    }

    [Fact]
    public async Task The_report_period_narrows_the_list_to_labels_of_orders_placed_in_it()
    {
        var inside = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1)); // placed the day before now
        World.Clock.Advance(TimeSpan.FromDays(5));
        var outside = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        await World.CancelAsync([inside, outside], deleteLabels: false);
        var start = World.Clock.GetUtcNow().AddDays(-7);

        var result = await List.GetAsync(new KeptLabelsRequest(KeptWindow.All, start, start.AddDays(3)));

        result.Rows.Select(r => r.OrderNumber).Should().Equal(inside);
    }

    [Theory]
    [InlineData(-1, 50)]
    [InlineData(0, 0)]
    [InlineData(0, 501)]
    public async Task A_page_outside_the_limits_is_refused_with_a_sentence(int page, int pageSize)
    {
        var act = () => List.GetAsync(new KeptLabelsRequest(KeptWindow.All, Page: page, PageSize: pageSize));

        await act.Should().ThrowAsync<InvalidRequestException>().WithMessage("Pages start at 0 and hold 1 to 500 labels.");
    }

    public sealed class OnSqlite() : KeptLabelsTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : KeptLabelsTests(TestDatabase.Postgres());
}

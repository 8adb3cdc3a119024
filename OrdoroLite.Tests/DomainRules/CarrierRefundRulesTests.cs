using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Labels.Tracking;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// The carriers' refund rules (docs/refunds.md, "Carrier rules") as a label deletion, the refund
/// pipeline and a refund's stage apply them, with the scenario's fake clock (it starts on Monday
/// 2026-11-02 15:30 UTC): USPS refunds an unscanned label within 30 days and holds the request 14
/// days before a review of 10 business days; UPS voids an unscanned label at once; FedEx and DHL
/// bill only scanned labels; every carrier refuses a scanned one.
/// </summary>
public abstract class CarrierRefundRulesTests(TestDatabase database) : TwoWarehouses(database)
{
    private RefundProcessor Pipeline => new(Database, World.Carrier, World.Clock, new RefundOptions());

    [Fact]
    public async Task Usps_label_deleted_on_day_29_has_its_refund_requested_and_sent_to_the_carrier()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2));
        World.Clock.Advance(TimeSpan.FromDays(29));

        var outcome = await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        await Pipeline.RunOnceAsync();

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "label deleted, refund requested"));
        (await RefundAsync(number)).State.Should().Be(RefundState.Submitted);
        World.Carrier.RefundCalls.Should().Be(1);
    }

    [Fact]
    public async Task Usps_label_deleted_on_day_31_is_deleted_with_its_units_returned_and_its_refund_refused_at_once_without_asking_the_carrier()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2));
        World.Clock.Advance(TimeSpan.FromDays(31));

        var outcome = await World.DeleteLabels.RunAsync([number], "customer moved", Scenario.Alice);
        await Pipeline.RunOnceAsync();

        var done = outcome.Orders.Single();
        done.Message.Should().Be("label deleted, refund refused");
        done.Warnings.Should().ContainSingle().Which.Should().Contain("older than 30 days");
        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        order.Labels.Single().State.Should().Be(LabelState.Deleted);
        var refund = order.Labels.Single().Refund!;
        refund.State.Should().Be(RefundState.Denied);
        refund.DenialReason.Should().Contain("older than 30 days").And.Contain("USPS");
        refund.DecidedAt.Should().Be(World.Clock.GetUtcNow());
        order.Events.Select(e => e.Type).Should().EndWith([OrderEventType.LabelDeleted, OrderEventType.RefundDenied]);
        order.Events.Last().Detail.Should().Contain("not asked of USPS");
        (await StockAsync(Widget, East)).Should().Be((10, 2), "the units come back as for any deleted label");
        World.Carrier.RefundCalls.Should().Be(0, "asking would only bring the carrier's refusal");
    }

    [Fact]
    public async Task The_usps_window_closes_exactly_30_days_after_the_label_was_bought()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        var facts = (await World.OrderAsync(number)).Labels.Single().Facts;
        var closes = facts.CreatedAt.AddDays(30);

        World.Carriers.WindowClosesAt(facts).Should().Be(closes);
        World.Carriers.Assess(facts, closes.AddTicks(-1)).Kind.Should().Be(RefundOutlookKind.Refund);
        World.Carriers.Assess(facts, closes).Kind.Should().Be(RefundOutlookKind.Refused);
        World.Carriers.Assess(facts, closes).Cause.Should().Be(RefusalCause.WindowPassed);
    }

    [Theory]
    [InlineData("USPS", "it was used, so USPS refuses its refund")]
    [InlineData("UPS", "it was used, so UPS refuses its refund")]
    [InlineData("FedEx", "so it is billed; no refund comes back")]
    [InlineData("DHL", "so it is billed; no refund comes back")]
    public async Task A_label_its_carrier_scanned_is_refused_at_once_whatever_its_age(string carrier, string why)
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(carrier, East, (Widget, 1));
        World.Clock.Advance(TimeSpan.FromHours(6));
        await World.ScanLabelAsync(number);

        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        await Pipeline.RunOnceAsync();

        var refund = await RefundAsync(number);
        refund.State.Should().Be(RefundState.Denied);
        refund.DenialReason.Should().Contain($"{carrier} scanned the label").And.Contain(why);
        World.Carrier.RefundCalls.Should().Be(0);
    }

    [Theory]
    [InlineData("UPS")]
    [InlineData("FedEx")]
    [InlineData("DHL")]
    public async Task An_unscanned_label_of_a_carrier_without_a_window_is_voided_at_once_even_half_a_year_later(string carrier)
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(carrier, East, (Widget, 1));
        World.Clock.Advance(TimeSpan.FromDays(180));
        var outlook = World.Carriers.Assess((await World.OrderAsync(number)).Labels.Single().Facts, World.Clock.GetUtcNow());

        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        await Pipeline.RunOnceAsync();

        outlook.Kind.Should().Be(carrier == "UPS" ? RefundOutlookKind.Refund : RefundOutlookKind.NotBilled,
            "FedEx and DHL bill only scanned labels: deleting an unscanned one costs nothing");
        (await RefundAsync(number)).State.Should().Be(RefundState.Approved, "the carrier voids it at once");
        var stage = await StageAsync(number);
        stage.Step.Should().Be(RefundStep.Approved);
        stage.DecidedAt.Should().Be(World.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_usps_refund_is_held_14_days_then_reviewed_within_10_business_days_with_the_credit_expected_within_14()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        var requested = World.Clock.GetUtcNow(); // Monday 2026-11-02 15:30 UTC
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        World.Clock.Advance(TimeSpan.FromDays(14).Add(TimeSpan.FromTicks(-1)));
        var held = await StageAsync(number);
        World.Clock.Advance(TimeSpan.FromTicks(1));
        var reviewed = await StageAsync(number);

        held.Step.Should().Be(RefundStep.Held);
        held.HeldUntil.Should().Be(requested.AddDays(14)); // Monday 11-16
        reviewed.Step.Should().Be(RefundStep.InReview);
        // Ten business days after Monday 11-16: Tue–Fri (4), the next week (9), Monday 11-30 (10).
        reviewed.DecisionBy.Should().Be(new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero));
        reviewed.CreditBy.Should().Be(new DateTimeOffset(2026, 12, 4, 15, 30, 0, TimeSpan.Zero));
        reviewed.Overdue.Should().BeFalse();
        World.Clock.Advance(TimeSpan.FromDays(15));
        (await StageAsync(number)).Overdue.Should().BeTrue("no decision came by the date the review was due");
    }

    [Fact]
    public async Task Business_days_skip_the_weekend_and_the_holidays_of_configuration()
    {
        var holidays = new CarrierRules(CarrierProfiles.Defaults(), new BusinessCalendar([new DateOnly(2026, 11, 26)]));
        World.Carriers = holidays;
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        World.Clock.Advance(TimeSpan.FromDays(15));

        var stage = await StageAsync(number);

        // Thanksgiving (Thursday 11-26) is no business day: the review is due a day later.
        stage.DecisionBy.Should().Be(new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero));
        var friday = new DateTimeOffset(2026, 11, 6, 10, 0, 0, TimeSpan.Zero);
        holidays.Calendar.AddBusinessDays(friday, 1).Should().Be(friday.AddDays(3), "Friday + 1 business day is Monday");
        holidays.Calendar.AddBusinessDays(friday.AddDays(1), 1).Should().Be(friday.AddDays(3), "Saturday + 1 is Monday too");
        holidays.Calendar.AddBusinessDays(friday, 5).Should().Be(friday.AddDays(7));
    }

    [Fact]
    public async Task A_cancel_that_keeps_the_label_marks_it_kept_and_a_restore_puts_it_back_in_use()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        World.Clock.Advance(TimeSpan.FromHours(2));
        var cancelledAt = World.Clock.GetUtcNow();

        await World.CancelAsync([number], deleteLabels: false);
        var kept = (await World.OrderAsync(number)).Labels.Single();
        await World.Restore.RunAsync([number], null, Scenario.Alice);

        kept.KeptSince.Should().Be(cancelledAt);
        (await World.OrderAsync(number)).Labels.Single().KeptSince.Should().BeNull();
    }

    [Fact]
    public async Task Cancel_with_the_box_checked_refuses_at_once_the_refund_of_a_label_past_its_window_and_still_returns_the_units()
    {
        var old = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2));
        World.Clock.Advance(TimeSpan.FromDays(31));
        var young = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));

        (await World.CancelAsync([old, young], deleteLabels: true)).DoneCount.Should().Be(2);

        (await RefundAsync(old)).State.Should().Be(RefundState.Denied);
        (await RefundAsync(young)).State.Should().Be(RefundState.Requested);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
    }

    [Fact]
    public async Task A_tracking_update_records_the_first_scan_once_on_the_timeline_and_reports_unknown_tracking_numbers()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Widget, 1));
        var label = (await World.OrderAsync(number)).Labels.Single();
        var first = World.Clock.GetUtcNow().AddHours(3);

        var outcome = await World.RecordScans.RunAsync([
            new TrackingScan("UPS", label.TrackingNumber.ToLowerInvariant(), first.AddHours(1)),
            new TrackingScan("UPS", label.TrackingNumber, first),
            new TrackingScan("UPS", "1ZNOSUCHLABEL", first),
        ]);
        var again = await World.RecordScans.RunAsync([new TrackingScan("UPS", label.TrackingNumber, first.AddDays(1))]);

        outcome.Should().BeEquivalentTo(new { Recorded = 1, AlreadyKnown = 0, Unknown = new[] { "1ZNOSUCHLABEL" } });
        again.Should().BeEquivalentTo(new { Recorded = 0, AlreadyKnown = 1 });
        var order = await World.OrderAsync(number);
        order.Labels.Single().ScannedAt.Should().Be(first);
        order.Events.Should().ContainSingle(e => e.Type == OrderEventType.LabelScanned)
            .Which.ActorName.Should().Be(RecordScans.Tracking.Name);
    }

    private async Task<RefundRequest> RefundAsync(int orderNumber)
    {
        await using var db = Database.CreateDbContext();
        return await db.RefundRequests.AsNoTracking().SingleAsync(r => r.OrderNumber == orderNumber);
    }

    private async Task<RefundStage> StageAsync(int orderNumber)
    {
        var page = await new RefundList(Database, World.Carriers, World.Clock).GetAsync(RefundFilter.All, 0, 100);
        return page.Rows.Single(r => r.OrderNumber == orderNumber).Stage;
    }

    public sealed class OnSqlite() : CarrierRefundRulesTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : CarrierRefundRulesTests(TestDatabase.Postgres());
}

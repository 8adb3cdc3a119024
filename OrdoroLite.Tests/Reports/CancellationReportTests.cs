using OrdoroLite.App.Features.Orders.Actions;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The cancellation report over a small hand-made October 2026 (UTC). The period is
/// [2026-10-01, 2026-11-01); the previous period of the same length is [2026-08-31, 2026-10-01).
///
/// | order | order date (UTC)    | channel | ship from | lines          | fate                                            | by    | reason          |
/// |-------|---------------------|---------|-----------|----------------|-------------------------------------------------|-------|-----------------|
/// | o1    | 10-01 10:00         | Shopify | East      | A×1            | cancelled                                       | Alice | Customer request|
/// | o2    | 10-01 12:00         | Shopify | East      | A×2, B×1       | open                                            |       |                 |
/// | o11   | 10-02 09:00         | Shopify | East      | A×1            | open                                            |       |                 |
/// | o12   | 10-02 10:00         | Shopify | West      | B×1            | open                                            |       |                 |
/// | o3    | 10-05 09:00         | Amazon  | West      | B×2, B×1       | cancelled                                       | Bob   | Out of stock    |
/// | o4    | 10-06 09:00         | Amazon  | West      | A×1            | cancelled                                       | Alice | (none)          |
/// | o5    | 10-06 10:00         | Amazon  | East      | A×1            | cancelled, then RESTORED: not counted           | Alice | Customer request|
/// | o13   | 10-15 09:00         | Amazon  | East      | A×1            | open; label deleted on its own, refund approved |       |                 |
/// | o14   | 10-15 10:00         | Amazon  | West      | B×2            | open                                            |       |                 |
/// | o6    | 10-20 08:00         | Shopify | West      | B×2            | label 620¢ deleted at cancel, refund APPROVED   | Bob   | Customer request|
/// | o7    | 10-21 08:00         | Shopify | East      | A×1            | label 535¢ deleted at cancel, refund DENIED     | Alice | Out of stock    |
/// | o9    | 10-22 08:00         | Amazon  | West      | B×4            | label 790¢ deleted at cancel, refund pending    | Bob   | Customer request|
/// | o15   | 10-28 08:00         | Shopify | East      | A×1            | open                                            |       |                 |
/// | o8    | 10-31 23:59:59      | Amazon  | East      | A×3            | label 705¢ KEPT at cancel                       | Bob   | Shipping delay  |
/// | o10   | 11-01 00:00 (after) | Shopify | East      | A×1            | cancelled, outside the period                   | Alice | Other           |
/// | p4    | 08-31 00:00 (prev.) | Shopify | East      | A×1            | open                                            |       |                 |
/// | p1    | 09-10 09:00 (prev.) | Shopify | East      | A×1            | open                                            |       |                 |
/// | p2    | 09-15 09:00 (prev.) | Shopify | East      | A×1            | cancelled                                       | Alice | Customer request|
/// | p3    | 09-30 23:00 (prev.) | Amazon  | West      | B×1            | open                                            |       |                 |
///
/// Sandbox label cost = 450¢ + 85¢ per item. Expected figures, computed by hand, are in each test.
/// </summary>
public sealed class CancellationReportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset October = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private int _east;
    private int _west;
    private Product _a = null!;
    private Product _b = null!;

    private CancellationReport Report => new(_database, _world.Carriers, _world.Clock);

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _east = await _world.AddWarehouseAsync("East");
        _west = await _world.AddWarehouseAsync("West");
        _a = await _world.AddProductAsync("A-1", stock: [(_east, 100), (_west, 100)]);
        _b = await _world.AddProductAsync("B-2", stock: [(_east, 100), (_west, 100)]);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Headline_counts_orders_by_order_date_and_a_restored_order_is_not_cancelled()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Placed: o1–o9, o11–o15 = 14 (o10 is at 11-01 00:00, the excluded end).
        // Cancelled: o1, o3, o4, o6, o7, o8, o9 = 7 (o5 was restored). 7 ÷ 14 = 0.5.
        report.Headline.Current.Should().Be(new RateFigures(14, 7));
        report.Headline.Current.Rate.Should().Be(0.5m);
    }

    [Fact]
    public async Task Previous_period_of_the_same_length_and_the_change_in_percentage_points()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Previous = [08-31, 10-01): p4 (at its very start), p1, p2, p3 = 4 placed, p2 cancelled: 0.25.
        // Change = (0.5 − 0.25) × 100 = +25 points.
        report.Headline.Previous.Should().Be(new RateFigures(4, 1));
        report.Headline.Previous.Rate.Should().Be(0.25m);
        report.Headline.ChangePoints.Should().Be(25m);
    }

    [Fact]
    public async Task Label_costs_refunded_lost_and_pending_count_only_the_period_s_cancelled_orders()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Refunded: o6 approved 450 + 2×85 = 620. o13's approved refund is not counted (o13 is not cancelled).
        // Refused: o7 denied 535. Kept: o8's Active label 450 + 3×85 = 705, bought today, so still inside
        // USPS's 30 days: recoverable, nothing lost yet. Pending: o9 450 + 4×85 = 790.
        report.Headline.LabelCosts.Should().BeEquivalentTo(new
        {
            RefundedCents = 620L,
            PendingCents = 790L,
            RefusedCents = 535L,
            LostCents = 0L,
            RecoverableCents = 705L,
            RecoverableLabels = 1L,
            KeptCents = 705L,
        });
    }

    [Fact]
    public async Task Rate_per_sales_channel()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Amazon: o3, o4, o5, o8, o9, o13, o14 = 7 placed; o3, o4, o8, o9 cancelled = 4 (4/7).
        // Shopify: o1, o2, o6, o7, o11, o12, o15 = 7 placed; o1, o6, o7 cancelled = 3 (3/7).
        report.Channels.Should().Equal(
            new ChannelRow("Amazon", new RateFigures(7, 4)),
            new ChannelRow("Shopify", new RateFigures(7, 3)));
        report.Channels[0].Figures.Rate.Should().BeApproximately(4m / 7m, 0.0000001m);
    }

    [Fact]
    public async Task Rate_per_ship_from_warehouse_with_its_name()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // East: o1, o2, o5, o7, o8, o11, o13, o15 = 8 placed; o1, o7, o8 = 3 cancelled (0.375).
        // West: o3, o4, o6, o9, o12, o14 = 6 placed; o3, o4, o6, o9 = 4 cancelled (2/3).
        report.Warehouses.Should().Equal(
            new WarehouseRow(_east, "East", new RateFigures(8, 3)),
            new WarehouseRow(_west, "West", new RateFigures(6, 4)));
        report.Warehouses[0].Figures.Rate.Should().Be(0.375m);
    }

    [Fact]
    public async Task Rate_per_sku_counts_orders_containing_it_once_and_the_units_cancelled()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // o1, o2, o4, o5, o7, o8, o11, o13, o15 = 9 orders; o1, o4, o7, o8 cancelled = 4; units 1+1+1+3 = 6.
        // B-2: o2, o3 (two lines, one order), o6, o9, o12, o14 = 6 orders; o3, o6, o9 cancelled = 3; units 2+1+2+4 = 9.
        report.Skus.Should().Equal(
            new SkuRow("A-1", new RateFigures(9, 4), 6),
            new SkuRow("B-2", new RateFigures(6, 3), 9));
    }

    [Fact]
    public async Task Reasons_with_their_share_of_cancellations_and_no_reason_given()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Of 7: Customer request o1, o6, o9 = 3; Out of stock o3, o7 = 2; Shipping delay o8 = 1; none o4 = 1.
        report.Reasons.Select(r => (r.Name, r.Cancelled)).Should().Equal(
            ("Customer request", 3), ("Out of stock", 2), (ReasonRow.NoReasonGiven, 1), ("Shipping delay", 1));
        report.Reasons.Single(r => r.Reason == CancelReason.CustomerRequest).Share.Should().BeApproximately(3m / 7m, 0.0000001m);
        report.Reasons.Single(r => r.Reason is null).Share.Should().BeApproximately(1m / 7m, 0.0000001m);
    }

    [Fact]
    public async Task Cancellations_per_staff_member_leave_out_restored_orders()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November));

        // Bob: o3, o6, o8, o9 = 4. Alice: o1, o4, o7 = 3 (her o5 was restored; o10 is outside).
        report.Staff.Should().Equal(new StaffRow(Scenario.Bob.Name, 4), new StaffRow(Scenario.Alice.Name, 3));
    }

    [Fact]
    public async Task Daily_buckets_are_utc_days_and_a_day_without_orders_has_no_rate()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November, ReportGrouping.Day));

        // 31 days. 10-01: o1, o2 → 2/1. 10-02: o11, o12 → 2/0. 10-03: nothing. 10-31: o8 at 23:59:59 → 1/1.
        report.Series.Should().HaveCount(31);
        Day(report, 1).Should().Be(new RateFigures(2, 1));
        Day(report, 2).Should().Be(new RateFigures(2, 0));
        Day(report, 3).Should().Be(RateFigures.None);
        Day(report, 3).Rate.Should().BeNull();
        Day(report, 31).Should().Be(new RateFigures(1, 1));
        report.Series.Sum(b => b.Figures.Placed).Should().Be(14);
        report.Series.Sum(b => b.Figures.Cancelled).Should().Be(7);
    }

    [Fact]
    public async Task Weekly_buckets_are_iso_weeks_starting_monday()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(October, November, ReportGrouping.Week));

        // 2026-10-01 is a Thursday, so the first week starts Monday 09-28 (only 10-01..10-04 are in the period).
        // 09-28: o1, o2, o11, o12 → 4/1. 10-05: o3, o4, o5 → 3/2. 10-12: o13, o14 → 2/0.
        // 10-19: o6, o7, o9 → 3/3. 10-26: o15, o8 → 2/1.
        report.Series.Should().Equal(
            new RateBucket(new DateOnly(2026, 9, 28), new RateFigures(4, 1)),
            new RateBucket(new DateOnly(2026, 10, 5), new RateFigures(3, 2)),
            new RateBucket(new DateOnly(2026, 10, 12), new RateFigures(2, 0)),
            new RateBucket(new DateOnly(2026, 10, 19), new RateFigures(3, 3)),
            new RateBucket(new DateOnly(2026, 10, 26), new RateFigures(2, 1)));
    }

    [Fact]
    public async Task Monthly_buckets_are_utc_calendar_months()
    {
        await BuildOctoberAsync();

        var report = await Report.RunAsync(new CancellationReportRequest(
            new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), November, ReportGrouping.Month));

        // September: p1, p2, p3 → 3/1 (p4 is in August). October: 14/7.
        report.Series.Should().Equal(
            new RateBucket(new DateOnly(2026, 9, 1), new RateFigures(3, 1)),
            new RateBucket(new DateOnly(2026, 10, 1), new RateFigures(14, 7)));
    }

    [Fact]
    public async Task Empty_period_has_no_rate_rather_than_a_division_by_zero()
    {
        await BuildOctoberAsync();
        var june = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var report = await Report.RunAsync(new CancellationReportRequest(june, june.AddDays(7)));

        report.Headline.Current.Should().Be(RateFigures.None);
        report.Headline.Current.Rate.Should().BeNull();
        report.Headline.ChangePoints.Should().BeNull();
        report.Headline.LabelCosts.Should().Be(new LabelCosts(0, 0, 0, 0, 0, 0, 0, _world.Clock.GetUtcNow()));
        report.Series.Should().HaveCount(7).And.OnlyContain(b => b.Figures.Rate == null);
        report.Reasons.Should().BeEmpty();
        report.Channels.Should().BeEmpty();
        report.Staff.Should().BeEmpty();
        report.Skus.Should().BeEmpty();
        report.Warehouses.Should().BeEmpty();
    }

    [Fact]
    public void A_request_prints_its_period_without_walking_the_endless_chain_of_previous_periods()
    {
        var text = new CancellationReportRequest(October, November, ReportGrouping.Week).ToString();

        text.Should().Be("CancellationReportRequest { From = 2026-10-01 00:00:00Z, To = 2026-11-01 00:00:00Z, Grouping = Week }");
    }

    [Fact]
    public async Task Period_that_ends_before_it_starts_is_refused()
    {
        var backwards = () => Report.RunAsync(new CancellationReportRequest(November, October));

        await backwards.Should().ThrowAsync<InvalidRequestException>();
    }

    [Fact]
    public async Task Csv_export_has_a_header_rates_as_fractions_and_an_empty_field_for_no_rate()
    {
        await BuildOctoberAsync();
        var report = await Report.RunAsync(new CancellationReportRequest(October, November, ReportGrouping.Week));

        var channels = CancellationReportCsv.Channels(report);
        var series = CancellationReportCsv.Series(await Report.RunAsync(
            new CancellationReportRequest(October, October.AddDays(3))));

        // Amazon 4/7 = 0.5714 (rounded to 4 places); Shopify 3/7 = 0.4286. 10-03 has no orders.
        channels.Should().Be(
            "Sales channel,Orders placed,Orders cancelled,Cancellation rate\r\nAmazon,7,4,0.5714\r\nShopify,7,3,0.4286\r\n");
        series.Should().Be(
            "Bucket start (UTC),Orders placed,Orders cancelled,Cancellation rate\r\n2026-10-01,2,1,0.5\r\n2026-10-02,2,0,0\r\n2026-10-03,0,0,\r\n");
    }

    [Fact]
    public void Csv_export_quotes_commas_and_defuses_spreadsheet_formulas_in_names()
    {
        var report = new CancellationReportResult(
            new CancellationReportRequest(October, November), new Headline(RateFigures.None, RateFigures.None, new LabelCosts(0, 0, 0, 0, 0, 0, 0, November)),
            [], [], [], [new StaffRow("Doe, Jane", 2), new StaffRow("=HYPERLINK(\"x\")", 1)], [], []);

        var csv = CancellationReportCsv.Staff(report);

        csv.Should().Contain("\"Doe, Jane\",2").And.Contain("'=HYPERLINK").And.NotContain("\r\n=HYPERLINK");
    }

    private static RateFigures Day(CancellationReportResult report, int octoberDay) =>
        report.Series.Single(b => b.Start == new DateOnly(2026, 10, octoberDay)).Figures;

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    private async Task BuildOctoberAsync()
    {
        var o1 = await _world.PlaceOrderAsync(_east, At(10, 1, 10), "Shopify", (_a, 1));
        await _world.PlaceOrderAsync(_east, At(10, 1, 12), "Shopify", (_a, 2), (_b, 1)); // o2
        await _world.PlaceOrderAsync(_east, At(10, 2, 9), "Shopify", (_a, 1)); // o11
        await _world.PlaceOrderAsync(_west, At(10, 2, 10), "Shopify", (_b, 1)); // o12
        var o3 = await _world.PlaceOrderAsync(_west, At(10, 5, 9), "Amazon", (_b, 2), (_b, 1));
        var o4 = await _world.PlaceOrderAsync(_west, At(10, 6, 9), "Amazon", (_a, 1));
        var o5 = await _world.PlaceOrderAsync(_east, At(10, 6, 10), "Amazon", (_a, 1));
        var o13 = await _world.PlaceOrderAsync(_east, At(10, 15, 9), "Amazon", (_a, 1));
        await _world.PlaceOrderAsync(_west, At(10, 15, 10), "Amazon", (_b, 2)); // o14
        var o6 = await _world.PlaceOrderAsync(_west, At(10, 20, 8), "Shopify", (_b, 2));
        var o7 = await _world.PlaceOrderAsync(_east, At(10, 21, 8), "Shopify", (_a, 1));
        var o9 = await _world.PlaceOrderAsync(_west, At(10, 22, 8), "Amazon", (_b, 4));
        await _world.PlaceOrderAsync(_east, At(10, 28, 8), "Shopify", (_a, 1)); // o15
        var o8 = await _world.PlaceOrderAsync(_east, At(10, 31, 23, 59, 59), "Amazon", (_a, 3));
        var o10 = await _world.PlaceOrderAsync(_east, At(11, 1, 0), "Shopify", (_a, 1));
        await _world.PlaceOrderAsync(_east, At(8, 31, 0), "Shopify", (_a, 1)); // p4
        await _world.PlaceOrderAsync(_east, At(9, 10, 9), "Shopify", (_a, 1)); // p1
        var p2 = await _world.PlaceOrderAsync(_east, At(9, 15, 9), "Shopify", (_a, 1));
        await _world.PlaceOrderAsync(_west, At(9, 30, 23), "Amazon", (_b, 1)); // p3

        (await _world.CreateLabels.RunAsync([o13, o6, o7, o9, o8], null, Scenario.Alice)).DoneCount.Should().Be(5);
        (await _world.DeleteLabels.RunAsync([o13], null, Scenario.Alice)).DoneCount.Should().Be(1);

        await CancelAsync(Scenario.Alice, CancelReason.CustomerRequest, deleteLabel: false, o1, o5, p2);
        await CancelAsync(Scenario.Bob, CancelReason.OutOfStock, deleteLabel: false, o3);
        await CancelAsync(Scenario.Alice, null, deleteLabel: false, o4);
        await CancelAsync(Scenario.Bob, CancelReason.CustomerRequest, deleteLabel: true, o6, o9);
        await CancelAsync(Scenario.Alice, CancelReason.OutOfStock, deleteLabel: true, o7);
        await CancelAsync(Scenario.Bob, CancelReason.ShippingDelay, deleteLabel: false, o8);
        await CancelAsync(Scenario.Alice, CancelReason.Other, deleteLabel: false, o10);
        (await _world.Restore.RunAsync([o5], null, Scenario.Alice)).DoneCount.Should().Be(1);

        // The carrier's answers, through the real refund pipeline; o9's stays pending.
        var answers = new Dictionary<string, RefundDecision>
        {
            [await TrackingAsync(o13)] = RefundDecision.Approved,
            [await TrackingAsync(o6)] = RefundDecision.Approved,
            [await TrackingAsync(o7)] = RefundDecision.Denied("The label was scanned."),
        };
        var handled = await new RefundProcessor(_database, new ScriptedCarrier(answers), _world.Clock, new RefundOptions()).RunOnceAsync();
        handled.Should().Be(4);
    }

    private async Task<string> TrackingAsync(int orderNumber) => (await _world.OrderAsync(orderNumber)).Labels.Single().TrackingNumber;

    private async Task CancelAsync(Actor by, CancelReason? reason, bool deleteLabel, params int[] numbers)
    {
        var outcome = await _world.Cancel.RunAsync(new CancelOrdersRequest(numbers, reason, null, deleteLabel), by);
        outcome.DoneCount.Should().Be(numbers.Length, outcome.Summary());
    }

    /// <summary>A carrier that answers each label's refund as the test says, and "pending" for the others.</summary>
    private sealed class ScriptedCarrier(IReadOnlyDictionary<string, RefundDecision> answers) : ICarrierGateway
    {
        private readonly Dictionary<string, RefundDecision> _byKey = [];

        public LabelQuote BuyLabel(Order order, DateTimeOffset at) => throw new NotSupportedException();

        public Task<RefundDecision> RequestRefundAsync(RefundAsk ask, CancellationToken ct)
        {
            var decision = answers.GetValueOrDefault(ask.TrackingNumber, RefundDecision.Pending);
            _byKey[ask.IdempotencyKey] = decision;
            return Task.FromResult(decision);
        }

        public Task<RefundDecision> GetRefundStatusAsync(string carrier, string idempotencyKey, CancellationToken ct) =>
            Task.FromResult(_byKey[idempotencyKey]);

        public Task<IReadOnlyList<TrackingScan>> GetScansAsync(DateTimeOffset since, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<TrackingScan>>([]);
    }
}

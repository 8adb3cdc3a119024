using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The report's label costs split into refunded, pending, refused, lost and recoverable
/// (docs/reports.md, "Label costs") over a real database: a label kept on a cancelled order is
/// recoverable while its carrier's refund window is open, and lost once it passes or the carrier
/// scans it — judged when the report runs. The scenario's clock starts Monday 2026-11-02 15:30 UTC;
/// a label costs 450 + 85 per unit, in cents; orders are placed the day before the clock's start.
/// </summary>
public abstract class ReportLabelCostsTests(TestDatabase database) : TwoWarehouses(database)
{
    private static readonly DateTimeOffset Start = new(2026, 10, 30, 0, 0, 0, TimeSpan.Zero);

    private CancellationReport Report => new(Database, World.Carriers, World.Clock);

    [Fact]
    public async Task Kept_labels_are_recoverable_inside_their_window_and_lost_once_it_passes_or_the_carrier_scans_them()
    {
        var bought = World.Clock.GetUtcNow();
        var usps = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2)); // 620, window closes on day 30
        var ups = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Widget, 1)); // 535, no deadline while unscanned
        var deleted = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1)); // 535, refund requested
        await World.CancelAsync([usps, ups], deleteLabels: false);
        await World.CancelAsync([deleted], deleteLabels: true);

        var today = await CostsAsync();
        World.Clock.AdjustTime(bought.AddDays(30).AddTicks(-1));
        var lastInstant = await CostsAsync();
        World.Clock.AdjustTime(bought.AddDays(30));
        var windowClosed = await CostsAsync();
        await World.ScanLabelAsync(ups);
        var scanned = await CostsAsync();

        today.Should().BeEquivalentTo(new { PendingCents = 535L, RecoverableCents = 1_155L, RecoverableLabels = 2L, LostCents = 0L, LostLabels = 0L });
        lastInstant.Should().BeEquivalentTo(new { RecoverableCents = 1_155L, LostCents = 0L }, "the USPS window is open until 30 days to the tick");
        windowClosed.Should().BeEquivalentTo(new { RecoverableCents = 535L, RecoverableLabels = 1L, LostCents = 620L, LostLabels = 1L });
        scanned.Should().BeEquivalentTo(new { RecoverableCents = 0L, RecoverableLabels = 0L, LostCents = 1_155L, LostLabels = 2L, KeptCents = 1_155L });
        scanned.At.Should().Be(bought.AddDays(30));
    }

    [Fact]
    public async Task A_label_deleted_past_its_window_counts_as_refused_not_pending()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        await World.CancelAsync([number], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(31));

        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        (await CostsAsync()).Should().BeEquivalentTo(new { RefusedCents = 535L, PendingCents = 0L, LostCents = 0L, RecoverableCents = 0L, KeptCents = 0L });
    }

    [Fact]
    public async Task Each_label_cost_figure_adds_up_to_the_list_it_links_to_for_the_same_period()
    {
        var refused = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 1));
        await World.CancelAsync([refused], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(31));
        await World.DeleteLabels.RunAsync([refused], null, Scenario.Alice);
        var lost = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Widget, 2));
        var recoverable = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (Gadget, 1));
        var pending = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 2));
        var notCancelled = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (Gadget, 1));
        await World.DeleteLabels.RunAsync([notCancelled], null, Scenario.Alice);
        await World.CancelAsync([lost, recoverable], deleteLabels: false);
        await World.CancelAsync([pending], deleteLabels: true);
        World.Clock.Advance(TimeSpan.FromDays(31));
        var (from, to) = (Start, Start.AddDays(70));

        var costs = (await Report.RunAsync(new CancellationReportRequest(from, to))).Headline.LabelCosts;
        var refunds = new RefundList(Database, World.Carriers, World.Clock);
        var kept = new KeptLabels(Database, World.Carriers, World.Clock);

        costs.Should().BeEquivalentTo(new { RefusedCents = 535L, PendingCents = 620L, LostCents = 620L, RecoverableCents = 535L, RefundedCents = 0L });
        (await refunds.GetAsync(new RefundListRequest(RefundFilter.Denied, OnCancelledOrders: true, OrderDateFrom: from, OrderDateTo: to)))
            .TotalCents.Should().Be(costs.RefusedCents);
        (await refunds.GetAsync(new RefundListRequest(RefundFilter.Pending, OnCancelledOrders: true, OrderDateFrom: from, OrderDateTo: to)))
            .TotalCents.Should().Be(costs.PendingCents, "the refund of the label deleted on an order that is not cancelled is not counted");
        (await kept.GetAsync(new KeptLabelsRequest(KeptWindow.Closed, from, to))).TotalCents.Should().Be(costs.LostCents);
        (await kept.GetAsync(new KeptLabelsRequest(KeptWindow.Open, from, to))).TotalCents.Should().Be(costs.RecoverableCents);
        (await kept.GetAsync(new KeptLabelsRequest(KeptWindow.All, from, to))).TotalCents.Should().Be(costs.KeptCents);
    }

    private async Task<LabelCosts> CostsAsync() =>
        (await Report.RunAsync(new CancellationReportRequest(Start, Start.AddDays(7)))).Headline.LabelCosts;

    public sealed class OnSqlite() : ReportLabelCostsTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : ReportLabelCostsTests(TestDatabase.Postgres());
}

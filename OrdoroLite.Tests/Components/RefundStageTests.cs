using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Refunds;
using OrdoroLite.App.Features.Reports;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>
/// A refund's stage on its carrier's clock, and a kept label's deadline, as the order page and
/// /refunds show them in the viewer's time zone (New York, UTC−5 in November); and where the
/// report's label-cost figures link. The scenario's clock starts Monday 2026-11-02 15:30 UTC.
/// </summary>
public sealed class RefundStageTests : AppComponentTest
{
    private const string UspsHeldStage =
        "Held by USPS until 2026-11-16 10:30 · decision expected by 2026-11-30 10:30 · credit expected by 2026-12-04 10:30";

    private Product _widget = null!;

    protected override string? BrowserTimeZone => "America/New_York";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _widget = await World.AddProductAsync("W-1", stock: (East, 10));
        SignIn(Scenario.Alice, Roles.Staff);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task The_refunds_page_shows_a_usps_refund_held_14_days_with_its_decision_and_credit_dates_in_the_viewers_time()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1));
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        var page = Ctx.Render<RefundsPage>();

        page.WaitForAssertion(() => page.Find("td.refund-stage").TextContent.Trim().Should().Be(UspsHeldStage));
    }

    [Fact]
    public async Task The_order_page_shows_a_deleted_labels_refund_stage_and_a_kept_labels_refund_deadline()
    {
        var deleted = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1));
        await World.DeleteLabels.RunAsync([deleted], null, Scenario.Alice);
        var kept = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1));
        await World.CancelAsync([kept], deleteLabels: false);
        Ctx.Render<MudPopoverProvider>();

        var deletedPage = Ctx.Render<OrderPage>(p => p.Add(x => x.Number, deleted));
        var keptPage = Ctx.Render<OrderPage>(p => p.Add(x => x.Number, kept));

        deletedPage.WaitForAssertion(() => deletedPage.Find("[data-testid=refund-stage]").TextContent.Trim().Should().Be(UspsHeldStage));
        keptPage.WaitForAssertion(() => keptPage.Find("[data-testid=label-outlook]").TextContent.Trim()
            .Should().Be("Refundable if deleted before 2026-12-02 10:30"));
    }

    [Fact]
    public void Each_label_cost_figure_links_to_its_list_for_the_reports_days()
    {
        var costs = new LabelCosts(100, 200, 300, 400, 1, 500, 2, World.Clock.GetUtcNow());

        var figures = Ctx.Render<LabelCostFigures>(p => p
            .Add(x => x.Costs, costs)
            .Add(x => x.Period, new ReportPeriod(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30)))
            .Add(x => x.ZoneName, "America/New_York"));

        figures.FindAll("a").Select(a => (a.GetAttribute("aria-label"), a.GetAttribute("href"))).Should().Equal(
            ("Refunded: $1.00. Show them", "/refunds?state=approved&cancelled=1&from=2026-10-01&to=2026-10-30"),
            ("Pending: $2.00. Show them", "/refunds?state=pending&cancelled=1&from=2026-10-01&to=2026-10-30"),
            ("Refused: $3.00. Show them", "/refunds?state=denied&cancelled=1&from=2026-10-01&to=2026-10-30"),
            ("Labels kept on cancelled orders: $9.00. Show them", "/labels/kept?window=all&from=2026-10-01&to=2026-10-30"),
            ("Lost (window passed): $4.00. Show them", "/labels/kept?window=closed&from=2026-10-01&to=2026-10-30"),
            ("Recoverable (inside the window): $5.00. Show them", "/labels/kept?window=open&from=2026-10-01&to=2026-10-30"));
    }
}

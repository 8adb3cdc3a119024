using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using OrdoroLite.App.Features.Reports;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Reports;

/// <summary>The report page over a real SQLite database and the real report, as a manager sees it.</summary>
public sealed class CancellationReportPageTests : AppComponentTest
{
    protected override string? BrowserTimeZone => "UTC";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(new("manager-1", "Morgan Manager"), "Manager");
    }

    [Fact]
    public async Task Headline_shows_the_last_30_days_placed_cancelled_and_rate_with_the_definition()
    {
        // Clock: 2026-11-02 15:30 UTC; the last 30 days are 10-04 … 11-02. Four Shopify orders, one cancelled: 25.0 %.
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var at = new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
        var first = await World.PlaceOrderAsync(East, at, "Shopify", (widget, 1));
        for (var i = 1; i < 4; i++)
        {
            await World.PlaceOrderAsync(East, at.AddDays(i), "Shopify", (widget, 1));
        }

        await World.PlaceOrderAsync(East, new DateTimeOffset(2026, 10, 3, 9, 0, 0, TimeSpan.Zero), "Shopify", (widget, 1));
        await World.Cancel.RunAsync(new CancelOrdersRequest([first], CancelReason.OutOfStock, null, false), Scenario.Alice);

        var page = RenderPage();

        page.WaitForAssertion(() => Figure(page, "Orders placed").Should().Be("4"));
        Figure(page, "Orders cancelled").Should().Be("1");
        Figure(page, "Cancellation rate").Should().Be("25.0 %");
        // The previous 30 days hold only the 10-03 order, never cancelled: 0 % → +25.0 points.
        Figure(page, "Change against the previous period").Should().Be("+25.0 pts");
        page.Find("#report-definition").TextContent.Should().Contain("orders cancelled ÷ orders placed")
            .And.Contain("restored later no longer counts");
        page.Find("#report-period").TextContent.Should().Contain("2026-10-04 to 2026-11-02");
        page.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain([
            "/orders?tab=cancelled&channel=Shopify&from=2026-10-04&to=2026-11-02",
            "/orders?tab=cancelled&from=2026-10-04&to=2026-11-02&reason=OutOfStock",
            $"/orders?tab=cancelled&from=2026-10-04&to=2026-11-02&staff={Uri.EscapeDataString(Scenario.Alice.Name)}",
            $"/orders?tab=cancelled&warehouse={East}&from=2026-10-04&to=2026-11-02",
            "/orders?tab=cancelled&from=2026-10-04&to=2026-11-02&sku=W-1",
        ]);
    }

    [Fact]
    public async Task The_30_day_chart_labels_every_third_day_so_the_dates_do_not_overlap()
    {
        // Clock: 2026-11-02; the last 30 days are 10-04 … 11-02, one order placed on each.
        var widget = await World.AddProductAsync("W-1", stock: (East, 100));
        for (var day = 0; day < 30; day++)
        {
            await World.PlaceOrderAsync(East, new DateTimeOffset(2026, 10, 4, 9, 0, 0, TimeSpan.Zero).AddDays(day), "Shopify", (widget, 1));
        }

        var page = RenderPage();

        page.WaitForAssertion(() => page.FindAll(".mud-charts-xaxis text").Should().HaveCount(30));
        var shown = page.FindAll(".mud-charts-xaxis text").Select(t => t.TextContent.Trim()).ToList();
        shown.Where(label => label.Length > 0).Should().Equal(
            "10-04", "10-07", "10-10", "10-13", "10-16", "10-19", "10-22", "10-25", "10-28", "10-31");
        shown.Where((_, i) => i % 3 != 0).Should().OnlyContain(label => label.Length == 0);
    }

    [Fact]
    public void Empty_period_shows_a_dash_for_every_rate_instead_of_dividing_by_zero()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Figure(page, "Orders placed").Should().Be("0"));
        Figure(page, "Cancellation rate").Should().Be("—");
        Figure(page, "Change against the previous period").Should().Be("—");
        page.Markup.Should().NotContain("NaN").And.NotContain("Infinity");
    }

    [Fact]
    public void Every_table_and_the_chart_have_an_export_csv_button()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => page.FindAll("button[aria-label^='Export CSV']").Select(b => b.GetAttribute("aria-label"))
            .Should().BeEquivalentTo(
                "Export CSV: rate over time", "Export CSV: by reason", "Export CSV: by sales channel",
                "Export CSV: by staff member", "Export CSV: by ship-from warehouse", "Export CSV: by SKU"));
    }

    [Fact]
    public void Last_7_days_in_the_viewer_s_zone_run_from_local_midnight_to_local_midnight()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        var period = ReportPeriod.For(PeriodPreset.Last7Days, new DateOnly(2026, 11, 2), null, null);

        // 10-27 … 11-02 in Paris (UTC+1 after 10-25): [10-26 23:00Z, 11-02 23:00Z).
        period.Should().Be(new ReportPeriod(new DateOnly(2026, 10, 27), new DateOnly(2026, 11, 2)));
        period.FromUtc(paris).Should().Be(new DateTimeOffset(2026, 10, 26, 23, 0, 0, TimeSpan.Zero));
        period.ToUtc(paris).Should().Be(new DateTimeOffset(2026, 11, 2, 23, 0, 0, TimeSpan.Zero));
    }

    private IRenderedComponent<CancellationReportPage> RenderPage()
    {
        Ctx.Render<MudPopoverProvider>();
        return Ctx.Render<CancellationReportPage>();
    }

    private static string Figure(IRenderedComponent<CancellationReportPage> page, string label) =>
        page.FindAll(".report-figure")
            .Single(f => f.QuerySelector(".report-figure-label")!.TextContent.Trim() == label)
            .QuerySelector(".report-figure-value")!.TextContent.Trim();
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components.Orders;

/// <summary>Selecting orders on the Orders page, and what the actions then say and do, over the real services.</summary>
public sealed class OrdersSelectionTests : AppComponentTest
{
    private GridWorld _orders = null!;
    private Product _widget = null!;
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    protected override string? BrowserTimeZone => "Europe/Berlin";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _orders = new GridWorld(World);
        _widget = await World.AddProductAsync("W-1", stock: [(East, 10_000)]);
        SignIn(Scenario.Alice);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Ticks_survive_paging_and_sorting_and_the_count_says_how_many_are_off_the_page()
    {
        var numbers = await PlaceAsync(30);
        var page = RenderPage("awaiting&size=25");
        await TickAsync(page, numbers[29], numbers[28]);

        Navigate("awaiting&size=25&page=2");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(5));
        await TickAsync(page, numbers[0], numbers[1]);
        page.WaitForAssertion(() => SelectedText(page).Should().Be("4 selected (2 not on this page)"));
        Navigate("awaiting&size=25&sort=number&dir=asc");

        page.WaitForAssertion(() => Rows(page).First().Should().Be(numbers[0]));
        SelectedText(page).Should().Be("4 selected (2 not on this page)");
        IsTicked(page, numbers[0]).Should().BeTrue();
        await page.InvokeAsync(() => page.Find("button[aria-label='Clear selection']").Click());
        SelectedText(page).Should().Be("0 selected");
        IsTicked(page, numbers[0]).Should().BeFalse();
    }

    [Fact]
    public async Task Ticking_the_whole_page_offers_every_order_matching_the_view_and_the_action_then_acts_on_all_of_them()
    {
        var numbers = await PlaceAsync(30);
        var page = RenderPage("awaiting&size=25");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(25));

        await page.InvokeAsync(() => Checkbox(page, "Select all orders on this page").Change(true));
        page.WaitForAssertion(() => page.Find("[data-testid=select-all-banner]").TextContent.Should().Contain("All 25 orders on this page are selected."));
        await page.InvokeAsync(() => Button(page, "Select all 30 orders matching this view").Click());
        page.WaitForAssertion(() => SelectedText(page).Should().Be("30 selected"));
        page.Find("[data-testid=select-all-banner]").TextContent.Should().Contain("All 30 orders matching this view are selected.");
        await OpenActionAsync(page, "Cancel Order(s)");

        _dialogs.Find("[data-testid=cancel-count]").TextContent.Should().StartWith("30 orders will be cancelled. These are the orders matching this view now");
        await ConfirmAsync("Cancel Order(s)");
        page.WaitForAssertion(() => page.Find("[data-testid=last-outcome]").TextContent.Should().Contain("30 cancelled"));
        foreach (var number in numbers)
        {
            (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
        }
    }

    [Fact]
    public async Task Orders_that_stop_matching_the_view_before_the_action_runs_are_left_out_and_the_outcome_says_how_many()
    {
        var numbers = await PlaceAsync(30);
        var page = RenderPage("awaiting&size=25");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(25));
        await page.InvokeAsync(() => Checkbox(page, "Select all orders on this page").Change(true));
        await page.InvokeAsync(() => Button(page, "Select all 30 orders matching this view").Click());
        await OpenActionAsync(page, "Cancel Order(s)");

        // Someone else cancels two of them while the dialog is open; this page has not heard yet.
        await World.Cancel.RunAsync(new CancelOrdersRequest([numbers[3], numbers[4]], null, null, false), Scenario.Bob);
        await ConfirmAsync("Cancel Order(s)");

        page.WaitForAssertion(() => page.Find("[data-testid=last-outcome]").TextContent.Should()
            .Contain("28 cancelled").And.Contain("2 fewer than the 30 selected: they no longer match this view."));
        (await World.OrderAsync(numbers[3])).Cancellation!.ByName.Should().Be(Scenario.Bob.Name);
    }

    [Fact]
    public async Task Another_filter_drops_a_selection_of_every_matching_order_but_ticked_orders_stay()
    {
        var numbers = await PlaceAsync(30);
        var page = RenderPage("awaiting&size=25");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(25));
        await page.InvokeAsync(() => Checkbox(page, "Select all orders on this page").Change(true));
        await page.InvokeAsync(() => Button(page, "Select all 30 orders matching this view").Click());

        Navigate("awaiting&size=25&channel=Amazon");
        page.WaitForAssertion(() => SelectedText(page).Should().Be("0 selected"));
        Navigate("awaiting&size=25");
        await TickAsync(page, numbers[29]);
        Navigate("awaiting&size=25&q=zz");

        page.WaitForAssertion(() => SelectedText(page).Should().Be("1 selected (1 not on this page)"));
    }

    [Fact]
    public async Task An_action_that_applies_to_none_of_one_ticked_order_names_the_order()
    {
        var numbers = await PlaceAsync(1);
        var page = RenderPage("awaiting");
        await TickAsync(page, numbers[0]);

        await page.InvokeAsync(() => Button(page, "Actions").Click());

        _popovers.WaitForAssertion(() => IsDisabled(MenuItem("Restore Order(s)")).Should().BeTrue());
        MenuItem("Restore Order(s)").GetAttribute("title").Should().Be($"Order {numbers[0]} is not cancelled (Awaiting Fulfillment).");
        MenuItem("Delete Label(s)").GetAttribute("title").Should().Be($"Order {numbers[0]} is without an active label.");
    }

    [Fact]
    public async Task An_action_that_applies_to_none_of_the_selected_orders_is_disabled_with_the_reason_as_its_tooltip()
    {
        var numbers = await PlaceAsync(2);
        var page = RenderPage("awaiting");
        await TickAsync(page, numbers[0], numbers[1]);

        await page.InvokeAsync(() => Button(page, "Actions").Click());

        _popovers.WaitForAssertion(() => _popovers.Markup.Should().Contain("Restore Order(s)"));
        _popovers.WaitForAssertion(() => IsDisabled(MenuItem("Restore Order(s)")).Should().BeTrue());
        var restore = MenuItem("Restore Order(s)");
        restore.GetAttribute("title").Should().Be("Applies to none of the selected orders: 2 not cancelled (Awaiting Fulfillment).");
        restore.TextContent.Should().Contain("2 not cancelled (Awaiting Fulfillment)");
        _popovers.Markup.Should().Contain("mud-tooltip");
        IsDisabled(MenuItem("Cancel Order(s)")).Should().BeFalse();
        IsDisabled(MenuItem("Create Label(s)")).Should().BeFalse();
        MenuItem("Delete Label(s)").GetAttribute("title").Should().Be("Applies to none of the selected orders: 2 without an active label.");
    }

    [Fact]
    public async Task The_restore_dialog_says_how_many_will_be_restored_and_how_many_skipped_and_why()
    {
        var numbers = await PlaceAsync(3);
        await World.Cancel.RunAsync(new CancelOrdersRequest([numbers[0], numbers[1]], null, null, false), Scenario.Bob);
        var page = RenderPage("all");
        await TickAsync(page, numbers);
        await OpenActionAsync(page, "Restore Order(s)");

        _dialogs.Find("[data-testid=action-count]").TextContent.Should()
            .Be("2 orders will be restored to where they were before they were cancelled. 1 will be skipped: not cancelled (Awaiting Fulfillment).");
        await ConfirmAsync("Restore Order(s)");

        page.WaitForAssertion(() => page.Find("[data-testid=last-outcome]").TextContent.Should().Contain("2 restored, 1 skipped: not cancelled (Awaiting Fulfillment)"));
    }

    [Fact]
    public async Task The_restore_dialog_words_one_order_as_one()
    {
        var numbers = await PlaceAsync(1);
        await World.Cancel.RunAsync(new CancelOrdersRequest(numbers, null, null, false), Scenario.Bob);
        var page = RenderPage("cancelled");
        await TickAsync(page, numbers);
        await OpenActionAsync(page, "Restore Order(s)");

        _dialogs.Find("[data-testid=action-count]").TextContent.Should()
            .Be($"Order {numbers[0]} will be restored to where it was before it was cancelled.");
    }

    [Fact]
    public async Task Sorting_paging_and_filters_go_into_the_url_and_a_url_with_bad_values_opens_the_default_view()
    {
        var numbers = await PlaceAsync(30);
        var page = RenderPage("awaiting&page=banana&size=13&sort=nope&warehouse=x&from=2026-99-99");
        page.WaitForAssertion(() => Rows(page).Should().Equal(Enumerable.Reverse(numbers)));
        Navigate("awaiting&size=25");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(25));

        await page.InvokeAsync(() => page.Find("button[aria-label='Sort by order']").Click());
        Url().Should().EndWith("/orders?tab=awaiting&sort=number&dir=asc&size=25");
        page.WaitForAssertion(() => Rows(page).First().Should().Be(numbers[0]));
        await page.InvokeAsync(() => page.Find("button[aria-label='Sort by order']").Click());
        Url().Should().EndWith("/orders?tab=awaiting&sort=number&size=25");
        page.WaitForAssertion(() => Rows(page).First().Should().Be(numbers[29]));
        await page.InvokeAsync(() => page.FindAll("[aria-label=Pages] button").Single(b => b.TextContent.Trim() == "2").Click());
        Url().Should().EndWith("/orders?tab=awaiting&sort=number&page=2&size=25");
        page.WaitForAssertion(() => Rows(page).Should().Equal(numbers[4], numbers[3], numbers[2], numbers[1], numbers[0]));
        Navigate("awaiting&sort=number&dir=asc");
        await page.InvokeAsync(() => page.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("Cancelled")).Click());
        Url().Should().EndWith("/orders?tab=cancelled&sort=number&dir=asc");
    }

    [Fact]
    public async Task More_orders_than_an_action_runs_at_once_run_as_a_background_job_whose_progress_and_outcome_show_on_the_page()
    {
        var numbers = await PlaceAsync(OrderJobs.InlineLimit + 1);
        var page = RenderPage("awaiting&size=25");
        page.WaitForAssertion(() => Rows(page).Should().HaveCount(25));
        await page.InvokeAsync(() => Checkbox(page, "Select all orders on this page").Change(true));
        await page.InvokeAsync(() => Button(page, "Select all 501 orders matching this view").Click());
        await OpenActionAsync(page, "Cancel Order(s)");
        _dialogs.Find("[data-testid=cancel-count]").TextContent.Should().Contain("It runs in the background, 2,000 orders at a time");

        await ConfirmAsync("Cancel Order(s)");

        page.WaitForAssertion(() => page.Find("[data-testid=job-state]").TextContent.Should().Be("Finished."), TimeSpan.FromSeconds(30));
        page.Find("[data-testid=job]").GetAttribute("aria-label").Should().Be("Cancelling 501 orders");
        page.Find("[data-testid=job-counts]").TextContent.Trim().Should().Be("501 done · 0 skipped · 0 not found · 0 left");
        var job = Ctx.Services.GetRequiredService<OrderJobs>().VisibleTo(new JobViewer(Scenario.Alice.Id, false)).Single();
        page.Find($"a[href='{JobOutcomeDownload.PathOf(job.Id)}']").HasAttribute("download").Should().BeTrue();
        page.Find("[role=progressbar]").GetAttribute("aria-valuenow").Should().Be("100");
        SelectedText(page).Should().Be("0 selected");
        (await World.OrderAsync(numbers[^1])).Status.Should().Be(OrderStatus.Cancelled);
    }

    private async Task<List<int>> PlaceAsync(int count)
    {
        var numbers = new List<int>();
        for (var i = 0; i < count; i++)
        {
            numbers.Add(await _orders.PlaceAsync(East, _widget, date: World.Clock.GetUtcNow().AddMinutes(-count + i)));
        }

        return numbers;
    }

    private IRenderedComponent<OrdersPage> RenderPage(string query)
    {
        _popovers = Ctx.Render<MudPopoverProvider>();
        _dialogs = Ctx.Render<MudDialogProvider>();
        Navigate(query);
        return Ctx.Render<OrdersPage>();
    }

    private void Navigate(string query) => Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/orders?tab={query}");

    private string Url() => Ctx.Services.GetRequiredService<NavigationManager>().Uri;

    private async Task TickAsync(IRenderedComponent<OrdersPage> page, params IEnumerable<int> numbers)
    {
        foreach (var number in numbers)
        {
            page.WaitForAssertion(() => Rows(page).Should().Contain(number));
            await page.InvokeAsync(() => Checkbox(page, $"Select order {number}").Change(true));
        }
    }

    private async Task OpenActionAsync(IRenderedComponent<OrdersPage> page, string action)
    {
        page.WaitForAssertion(() => Button(page, "Actions").HasAttribute("disabled").Should().BeFalse());
        await page.InvokeAsync(() => Button(page, "Actions").Click());
        _popovers.WaitForAssertion(() => IsDisabled(MenuItem(action)).Should().BeFalse());
        await _popovers.InvokeAsync(() => MenuItem(action).Click());
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("[role=dialog]").Should().ContainSingle());
    }

    private async Task ConfirmAsync(string action) =>
        await _dialogs.InvokeAsync(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == action).Click());

    private static bool IsDisabled(IElement menuItem) => menuItem.GetAttribute("aria-disabled") == "true";

    private IElement MenuItem(string text) => _popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains(text));

    private static List<int> Rows(IRenderedComponent<OrdersPage> page) =>
        page.FindAll("tbody tr td[data-label=Order] a").Select(a => int.Parse(a.TextContent.Trim())).ToList();

    private static string SelectedText(IRenderedComponent<OrdersPage> page) => page.Find("[data-testid=selected-count]").TextContent.Trim();

    private static IElement Button(IRenderedComponent<OrdersPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static bool IsTicked(IRenderedComponent<OrdersPage> page, int number) => Checkbox(page, $"Select order {number}").IsChecked();

    // A row's box is a native input named by aria-label; MudCheckBox (the page's box) names its input with
    // aria-labelledby pointing at a screen-reader-only span.
    private static IElement Checkbox(IRenderedComponent<OrdersPage> page, string name)
    {
        if (page.FindAll("input[type=checkbox][aria-label]").SingleOrDefault(i => i.GetAttribute("aria-label") == name) is { } named)
        {
            return named;
        }

        var label = page.FindAll("span[id]").Single(s => s.TextContent.Trim() == name);
        return page.Find($"input[type=checkbox][aria-labelledby='{label.Id}']");
    }
}

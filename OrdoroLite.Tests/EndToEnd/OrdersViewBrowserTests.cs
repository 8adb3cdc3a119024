using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// Finding and selecting orders in Debian's Chromium over the demo data: a selection that follows
/// the person across pages, the view in the URL, the report's drill-downs. No order changes here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OrdersViewBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task Orders_ticked_on_two_pages_stay_selected_and_the_actions_count_all_of_them() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);
            var first = await page.VisibleOrderNumbersAsync();
            await page.SelectOrderAsync(first[0]);
            await page.SelectOrderAsync(first[1]);

            await PageButton(page, "2").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]page=2(&|$)"));
            await Assertions.Expect(page.OrderLinks().First).Not.ToHaveTextAsync(first[0].ToString(CultureInfo.InvariantCulture));
            var second = await page.VisibleOrderNumbersAsync();
            await page.SelectOrderAsync(second[0]);
            await page.SelectOrderAsync(second[1]);
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("4 selected (2 not on this page)");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sort by customer" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=customer"));

            await Assertions.Expect(page.GetByTestId("selected-count")).ToContainTextAsync("4 selected");
            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToHaveTextAsync("4 orders will be cancelled.");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Go Back" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("0 selected");
        });

    [Fact]
    public Task Ticking_the_page_offers_every_matching_order_and_an_action_that_applies_to_none_says_why() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);
            var total = Total(await page.GetByTestId("page-range").InnerTextAsync());

            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all orders on this page" }).CheckAsync();
            var banner = page.GetByTestId("select-all-banner");
            await Assertions.Expect(banner).ToContainTextAsync("All 25 orders on this page are selected.");
            await banner.GetByRole(AriaRole.Button, new() { Name = $"Select all {total:N0} orders matching this view" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync($"{total:N0} selected");

            await page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
            var restore = page.GetByRole(AriaRole.Menuitem, new() { Name = OrdersUi.RestoreOrders });
            await Assertions.Expect(restore).ToBeDisabledAsync();
            await Assertions.Expect(restore).ToHaveAttributeAsync("title",
                $"Applies to none of the selected orders: {total:N0} not cancelled (Awaiting Fulfillment).");
            await restore.HoverAsync(new() { Force = true });
            await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "not cancelled (Awaiting Fulfillment)" })).ToBeVisibleAsync();
            await page.SaveScreenshotAsync("actions-disabled-with-reason-1280x800.png");
            await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = OrdersUi.CancelOrders })).ToBeEnabledAsync();
        });

    [Fact]
    public Task The_cancel_dialog_for_every_order_of_the_all_tab_counts_those_it_cancels_and_those_it_skips() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=all", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(50);
            int Count(string tab) => int.Parse(TabCount().Match(tab).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var all = Count(await page.GetByRole(AriaRole.Tab, new() { Name = "All (" }).InnerTextAsync());
            var cancelled = Count(await page.GetByRole(AriaRole.Tab, new() { Name = "Cancelled (" }).InnerTextAsync());
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all orders on this page" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Select all {all:N0} orders matching this view" }).ClickAsync();

            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);

            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToContainTextAsync(
                $"{all - cancelled:N0} orders will be cancelled. {cancelled:N0} will be skipped: already cancelled.");
            await Assertions.Expect(dialog.GetByTestId("active-label-count")).ToContainTextAsync(new Regex("^[0-9,]+ of the orders to cancel have an active label"));
            await Assertions.Expect(dialog.GetByLabel(OrdersUi.DeleteLabelBox)).Not.ToBeCheckedAsync();
            await page.SaveScreenshotAsync("cancel-dialog-1280x800.png");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Go Back" }).ClickAsync();
            await Assertions.Expect(dialog).ToBeHiddenAsync();
        });

    [Fact]
    public Task A_view_in_the_url_opens_again_as_it_was_after_a_reload_and_going_back_and_a_broken_url_shows_the_default_view() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password,
                "/orders?tab=cancelled&reason=CustomerRequest&sort=number&dir=asc&page=2&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).Not.ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Cancelled", Exact = false, Selected = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Reason")).ToHaveValueAsync("Customer request");
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("26–");
            var shown = await page.VisibleOrderNumbersAsync();
            shown.Should().BeInAscendingOrder();
            await Assertions.Expect(page.Grid().GetByTestId("reason")).ToHaveTextAsync(Enumerable.Repeat("Customer request", shown.Count).ToArray());

            await page.GetByRole(AriaRole.Button, new() { Name = "Sort by total" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/orders\\?tab=cancelled&reason=CustomerRequest&sort=total&size=25$"));
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("1–25");
            var byTotal = await page.VisibleOrderNumbersAsync();
            await page.ReloadAsync();
            await page.WaitUntilInteractiveAsync();
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(byTotal.Count);
            (await page.VisibleOrderNumbersAsync()).Should().Equal(byTotal);
            await Assertions.Expect(page.GetByLabel("Reason")).ToHaveValueAsync("Customer request");

            await page.GoBackAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("page=2"));
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("26–");

            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Browser.TimeZone)).DateTime);
            var from = today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await page.GetByLabel("Ordered from").FillAsync(from);
            await page.GetByLabel("Ordered from").PressAsync("Tab");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/orders\\?tab=cancelled&from={from}&reason=CustomerRequest&sort=number&dir=asc&size=25$"));
            await page.GetByLabel("Cancelled to").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.GetByLabel("Cancelled to").PressAsync("Tab");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"&cancelledTo={today:yyyy-MM-dd}&"));
            await page.ReloadAsync();
            await page.WaitUntilInteractiveAsync();
            await Assertions.Expect(page.GetByLabel("Ordered from")).ToHaveValueAsync(from);

            await page.OpenAsync("/orders?tab=nowhere&page=-4&size=lots&from=someday&warehouse=%3Cscript%3E");
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Awaiting Fulfillment", Exact = false, Selected = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("1–50");
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        });

    [Fact]
    public Task Going_back_to_a_date_filtered_view_past_its_first_page_shows_that_page() =>
        browser.RunAsync(app, output, async session =>
        {
            // The date pickers report their date again when Back hands them a view; that used to
            // count as a new filter and sent the page (and the URL) to page 1.
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Browser.TimeZone)).DateTime);
            var from = today.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=all&size=25", Screens.Laptop);
            await page.GetByLabel("Ordered from").FillAsync(from);
            await page.GetByLabel("Ordered from").PressAsync("Tab");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/orders\\?tab=all&from={from}&size=25$"));
            await PageButton(page, "3").ClickAsync();
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("51–75");
            var third = await page.VisibleOrderNumbersAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/orders$"));
            await Assertions.Expect(page.GetByLabel("Ordered from")).ToHaveValueAsync("");
            await page.GoBackAsync();
            await Assertions.Expect(page.GetByLabel("Ordered from")).ToHaveValueAsync(from);
            // A tick is a round trip to the server: whatever the pickers reported has been handled by then.
            await page.SelectOrderAsync(third[0]);
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("1 selected");

            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/orders\\?tab=all&from={from}&page=3&size=25$"));
            await Assertions.Expect(page.GetByTestId("page-range")).ToContainTextAsync("51–75");
            (await page.VisibleOrderNumbersAsync()).Should().Equal(third);
            await Assertions.Expect(page.GetByLabel("Ordered from")).ToHaveValueAsync(from);
        });

    [Fact]
    public Task A_report_rows_link_lists_exactly_the_orders_the_row_counts_in_the_reports_period() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/reports/cancellations", Screens.Laptop);
            var row = page.Locator("[aria-label='Cancellations by staff member'] tbody tr").First;
            await Assertions.Expect(row).ToBeVisibleAsync();
            var name = (await row.Locator("td[data-label='Cancelled by'] a").InnerTextAsync()).Trim();
            var counted = int.Parse((await row.Locator("td[data-label='Orders cancelled']").InnerTextAsync()).Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var period = (await page.Locator("#report-period").InnerTextAsync()).Trim();

            await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/orders\\?tab=cancelled&from=\\d{4}-\\d{2}-\\d{2}&to=\\d{4}-\\d{2}-\\d{2}&staff="));
            await Assertions.Expect(page.GetByTestId("page-range")).ToHaveTextAsync(new Regex(counted == 0 ? "^0 orders$" : $"of {counted:N0}$"));
            period.Should().StartWith(new Uri(page.Url).Query.Split("from=")[1][..10], "the list covers the report's period");
        });

    private static ILocator PageButton(IPage page, string label) =>
        page.Locator("ul[aria-label=Pages] button").Filter(new() { HasTextRegex = new Regex($"^\\s*{label}\\s*$") });

    private static int Total(string range) =>
        int.Parse(TotalPattern().Match(range).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex("of ([0-9,]+)")]
    private static partial Regex TotalPattern();

    [GeneratedRegex("\\(([0-9,]+)\\)")]
    private static partial Regex TabCount();
}

using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// The Orders tab at a laptop's 1280×800 and a phone's 390×844 in Debian's Chromium, over the demo
/// data. Each test leaves its screenshots (see <see cref="Screens"/>). Read-only: no order changes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrdersLayoutTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData("awaiting", new[] { "Order", "Date", "Customer", "Ship from", "Items", "Total", "Status", "Label / tracking" })]
    [InlineData("shipped", new[] { "Order", "Date", "Customer", "Ship from", "Items", "Total", "Status", "Label / tracking" })]
    [InlineData("dropship", new[] { "Order", "Date", "Customer", "Ship from", "Items", "Total", "Status", "Label / tracking" })]
    [InlineData("all", new[] { "Order", "Date", "Customer", "Ship from", "Items", "Total", "Status", "Label / tracking" })]
    [InlineData("cancelled", new[] { "Order", "Customer", "Total", "Label / tracking", "Cancelled", "Reason and comment" })]
    public Task At_1280_by_800_every_column_of_a_tab_is_visible_without_scrolling_sideways(string tab, string[] columns) =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, $"/orders?tab={tab}", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();

            var headers = (await page.Grid().Locator("thead th").AllInnerTextsAsync()).Select(h => h.Trim()).Where(h => h.Length > 0 && h != "Selected");
            headers.Should().Equal(columns);
            foreach (var column in columns)
            {
                var edge = await page.Grid().Locator("thead th").Filter(new() { HasText = column }).Last.RightEdgeAsync();
                edge.Should().BeLessThanOrEqualTo(Screens.Laptop.Width, $"the {column} column is on screen");
            }

            foreach (var row in (await page.Grid().Locator("tbody tr").AllAsync()).Take(10))
            {
                foreach (var cell in await row.Locator("td").AllAsync())
                {
                    (await cell.RightEdgeAsync()).Should().BeLessThanOrEqualTo(Screens.Laptop.Width);
                }
            }

            var table = page.Grid().Locator(".mud-table-container");
            var widths = await table.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
            widths[0].Should().BeLessThanOrEqualTo(widths[1], "the grid itself does not scroll sideways either");
            await page.ExpectNoHorizontalOverflowAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Sort by", Exact = true })).ToBeHiddenAsync();
            await page.SaveScreenshotAsync($"orders-{tab}-1280x800.png");
        });

    [Theory]
    [InlineData("awaiting", 1024)]
    [InlineData("cancelled", 1024)]
    [InlineData("awaiting", 1279)]
    [InlineData("cancelled", 1279)]
    [InlineData("all", 961)]
    [InlineData("cancelled", 961)]
    public Task Between_the_phone_and_1280_px_the_menu_waits_behind_its_button_and_the_grid_does_not_scroll_sideways(string tab, int width) =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, $"/orders?tab={tab}", new() { Width = width, Height = 800 });
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Inventory" })).ToBeHiddenAsync();
            await Assertions.Expect(page.Grid().Locator("thead")).ToBeVisibleAsync();

            var widths = await page.Grid().Locator(".mud-table-container").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
            widths[0].Should().BeLessThanOrEqualTo(widths[1], "the grid does not scroll sideways at {0} px", width);
            await page.ExpectNoHorizontalOverflowAsync();
            await page.SaveScreenshotAsync($"orders-{tab}-{width}x800.png");
        });

    [Theory]
    [InlineData("awaiting")]
    [InlineData("cancelled")]
    public Task At_390_by_844_the_menu_waits_behind_a_button_and_each_order_is_a_card_with_its_checkbox_and_status(string tab) =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, $"/orders?tab={tab}", Screens.Phone);
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            var inventory = page.GetByRole(AriaRole.Link, new() { Name = "Inventory" });
            await Assertions.Expect(inventory).ToBeHiddenAsync();

            var card = page.Grid().Locator("tbody tr").First;
            var number = int.Parse((await card.Locator("td[data-label='Order'] a").InnerTextAsync()).Trim());
            await Assertions.Expect(page.OrderCheckbox(number)).ToBeVisibleAsync();
            var status = tab == "cancelled" ? card.GetByTestId("reason") : card.Locator("td[data-label='Status']");
            await Assertions.Expect(status).ToBeVisibleAsync();
            foreach (var cell in await card.Locator("td").AllAsync())
            {
                (await cell.RightEdgeAsync()).Should().BeLessThanOrEqualTo(Screens.Phone.Width, "a card's values are not cut off");
            }

            var cardBox = (await card.BoundingBoxAsync())!;
            cardBox.Height.Should().BeLessThan(200, "a card is compact");
            await page.ExpectNoHorizontalOverflowAsync();
            await page.SaveScreenshotAsync($"orders-{tab}-390x844.png");

            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            await Assertions.Expect(inventory).ToBeVisibleAsync();
            await page.SaveScreenshotAsync($"menu-open-390x844.png");
            await inventory.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inventory$"));
        });

    [Fact]
    public Task At_390_by_844_the_cards_are_sorted_with_a_sort_control_as_the_headers_sort_them_wider() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting", Screens.Phone);
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            var sort = page.GetByRole(AriaRole.Combobox, new() { Name = "Sort by", Exact = true });
            await Assertions.Expect(sort).ToHaveValueAsync("Order date, newest first");

            await ChooseSortAsync(page, "Total, largest first");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]sort=total(&|$)"));
            await Assertions.Expect(sort).ToHaveValueAsync("Total, largest first");
            var totals = (await page.Grid().Locator("td[data-label='Total']").AllInnerTextsAsync())
                .Select(t => decimal.Parse(t.Trim().TrimStart('$'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            totals.Should().HaveCountGreaterThan(1).And.BeInDescendingOrder();
            await page.ExpectNoHorizontalOverflowAsync();
            await page.SaveScreenshotAsync("orders-sorted-390x844.png");

            await ChooseSortAsync(page, "Order number, lowest first");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]sort=number&dir=asc(&|$)"));
            await Assertions.Expect(sort).ToHaveValueAsync("Order number, lowest first");
            (await page.VisibleOrderNumbersAsync()).Should().HaveCountGreaterThan(1).And.BeInAscendingOrder();
        });

    [Fact]
    public Task At_390_by_844_the_opened_filters_give_each_list_the_whole_line_so_its_value_reads_whole() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=cancelled&reason=CustomerRequest", Screens.Phone);
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Filters (1)" }).ClickAsync();

            var search = (await page.GetByRole(AriaRole.Textbox, new() { Name = "Search orders" }).Locator("xpath=ancestor::div[contains(@class,'mud-input-control')][1]").BoundingBoxAsync())!;
            foreach (var name in new[] { "Sort by", "Sales channel", "Warehouse", "Reason", "Cancelled by" })
            {
                var list = page.GetByRole(AriaRole.Combobox, new() { Name = name, Exact = true }).Locator("xpath=ancestor::div[contains(@class,'mud-input-control')][1]");
                (await list.BoundingBoxAsync())!.Width.Should().BeApproximately(search.Width, 1, $"{name} takes the whole line");
            }

            await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Reason", Exact = true })).ToHaveValueAsync("Customer request");
            await page.ExpectNoHorizontalOverflowAsync();
            await page.SaveScreenshotAsync("orders-filters-open-390x844.png");
        });

    [Fact]
    public Task At_390_by_844_an_orders_lines_show_every_column_without_scrolling_sideways() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=shipped", Screens.Phone);
            await page.OrderLinks().First.ClickAsync();
            var lines = page.GetByRole(AriaRole.Region, new() { Name = "Lines" }).Locator("table");
            await Assertions.Expect(lines).ToBeVisibleAsync();

            var widths = await lines.EvaluateAsync<int[]>("t => [t.scrollWidth, t.parentElement.clientWidth]");
            widths[0].Should().BeLessThanOrEqualTo(widths[1], "the table fits its box");
            foreach (var total in await lines.GetByRole(AriaRole.Cell).AllAsync())
            {
                (await total.RightEdgeAsync()).Should().BeLessThanOrEqualTo(Screens.Phone.Width, "no value is cut off");
            }

            await page.ExpectNoHorizontalOverflowAsync();
        });

    private static async Task ChooseSortAsync(IPage page, string choice)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Sort by", Exact = true }).ClickAsync();
        var option = page.GetByRole(AriaRole.Option, new() { Name = choice, Exact = true });
        await option.ClickAsync();
        await Assertions.Expect(option).ToBeHiddenAsync();
    }
}

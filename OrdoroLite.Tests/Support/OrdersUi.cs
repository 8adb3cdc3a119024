using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OrdoroLite.Tests.Support;

/// <summary>What a person does on the Orders tab, the order page and the Inventory page, in a real browser.</summary>
public static class OrdersUi
{
    public const string CancelOrders = "Cancel Order(s)";
    public const string RestoreOrders = "Restore Order(s)";
    public const string DeleteLabelBox = "Delete associated shipping label and tracking info";

    public static ILocator Grid(this IPage page) => page.GetByTestId("orders-grid");

    public static ILocator OrderCheckbox(this IPage page, int number) =>
        page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select order {number}", Exact = true });

    /// <summary>The grid row of one order (its Order cell links to it by number).</summary>
    public static ILocator OrderRow(this IPage page, int number) =>
        page.Grid().Locator("tbody tr").Filter(new()
        {
            Has = page.Locator("td[data-label='Order'] a", new() { HasTextRegex = new Regex($"^\\s*{number}\\s*$") }),
        });

    /// <summary>The order-number links of the grid, top to bottom.</summary>
    public static ILocator OrderLinks(this IPage page) => page.Grid().Locator("td[data-label='Order'] a");

    /// <summary>Opens a sub-tab of Orders (awaiting, dropship, shipped, cancelled, all) and waits for its rows.</summary>
    public static async Task OpenOrdersTabAsync(this IPage page, string tab)
    {
        await page.OpenAsync($"/orders?tab={tab}");
        await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
    }

    /// <summary>The order numbers the grid shows now, top to bottom.</summary>
    public static async Task<IReadOnlyList<int>> VisibleOrderNumbersAsync(this IPage page) =>
        (await page.OrderLinks().AllInnerTextsAsync()).Select(t => int.Parse(t.Trim())).ToList();

    /// <summary>Types an order number into the search box and waits until the grid shows that order.</summary>
    public static async Task SearchOrderAsync(this IPage page, int number)
    {
        await page.GetByLabel("Search orders").FillAsync(number.ToString());
        await Assertions.Expect(page.OrderRow(number)).ToBeVisibleAsync();
    }

    public static async Task SelectOrderAsync(this IPage page, int number)
    {
        await page.OrderCheckbox(number).CheckAsync();
        await Assertions.Expect(page.OrderCheckbox(number)).ToBeCheckedAsync();
    }

    /// <summary>Opens a tab, finds one order by its number, selects it and opens an action's dialog.</summary>
    public static async Task<ILocator> OpenActionForOrderAsync(this IPage page, string tab, int number, string action)
    {
        await page.OpenOrdersTabAsync(tab);
        await page.SearchOrderAsync(number);
        await page.SelectOrderAsync(number);
        return await page.OpenActionAsync(action);
    }

    /// <summary>Actions → the given item; returns the dialog it opens.</summary>
    public static async Task<ILocator> OpenActionAsync(this IPage page, string action)
    {
        var actions = page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true });
        await Assertions.Expect(actions).ToBeEnabledAsync();
        await actions.ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = action });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }

    /// <summary>Picks a reason in the Cancel dialog's Reason list.</summary>
    public static async Task ChooseReasonAsync(this IPage page, ILocator dialog, string reason)
    {
        await dialog.GetByLabel("Reason").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = reason, Exact = true }).ClickAsync();
        // The list closes once the choice is made; the Cancelled tab's Reason column proves it was taken.
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = reason, Exact = true })).ToBeHiddenAsync();
    }

    public static ILocator ConfirmButton(this ILocator dialog, string action) =>
        dialog.GetByRole(AriaRole.Button, new() { Name = action, Exact = true });

    /// <summary>The snackbar messages shown now.</summary>
    public static ILocator Snackbars(this IPage page) => page.Locator(".mud-snackbar");

    /// <summary>The timeline on an order page: one list item per event, newest first.</summary>
    public static ILocator TimelineEntries(this IPage page) =>
        page.GetByRole(AriaRole.List, new() { Name = "Timeline events" }).Locator("li.timeline-entry");

    /// <summary>Timeline entries of one kind ("Cancelled", "Label deleted", …).</summary>
    public static ILocator TimelineEntries(this IPage page, string type) =>
        page.TimelineEntries().Filter(new()
        {
            Has = page.Locator(".timeline-head strong", new() { HasTextRegex = new Regex($"^{Regex.Escape(type)}$") }),
        });

    public static async Task OpenOrderAsync(this IPage page, int number)
    {
        await page.OpenAsync($"/orders/{number}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Reads Physical On Hand and Committed of one SKU at one warehouse from the Inventory page,
    /// searching by SKU and filtering by warehouse as a person would.
    /// </summary>
    public static async Task<ShownStock> ReadStockAsync(this IPage page, string sku, string warehouse)
    {
        // Several SKUs in a row are read on one Inventory page; anything else opens it afresh.
        if (new Uri(page.Url).AbsolutePath != "/inventory")
        {
            await page.OpenAsync("/inventory");
        }

        // The warehouse first, then the search: a search typed just before another filter changes
        // (inside its debounce) was sometimes lost, and the SKU's row never showed.
        await page.GetByLabel("Warehouse").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = warehouse, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = warehouse, Exact = true })).ToBeHiddenAsync();
        await page.GetByLabel("Search products").FillAsync(sku);
        // MudTable puts its aria-label on the wrapping div, not on the table element.
        var rows = page.Locator("[aria-label='Inventory'] tbody tr");
        // Wait for the filtered result: every row is this warehouse's, and our SKU is among them.
        await Assertions.Expect(rows.Filter(new() { HasNot = Cell(page, "Warehouse", warehouse) })).ToHaveCountAsync(0);
        var row = rows.Filter(new() { Has = Cell(page, "SKU", sku) });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        return new ShownStock(
            int.Parse(await row.Locator("td[data-label='Physical On Hand']").InnerTextAsync()),
            int.Parse(await row.Locator("td[data-label='Committed']").InnerTextAsync()));
    }

    private static ILocator Cell(IPage page, string column, string text) =>
        page.Locator($"td[data-label='{column}']", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(text)}\\s*$") });
}

/// <summary>One SKU's numbers at one warehouse, as the Inventory page shows them.</summary>
public readonly record struct ShownStock(int PhysicalOnHand, int Committed);

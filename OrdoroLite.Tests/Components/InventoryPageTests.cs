using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using OrdoroLite.App.Features.Inventory;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>The inventory page over a real SQLite database and the real query.</summary>
public sealed class InventoryPageTests : AppComponentTest
{
    [Fact]
    public async Task Grid_has_the_six_inventory_columns_and_one_row_per_product_and_warehouse()
    {
        var west = await World.AddWarehouseAsync("West");
        await World.AddProductAsync("W-1", stock: [(East, 10), (west, 4)]);

        var page = RenderPage();

        page.FindAll("thead th").Select(th => th.TextContent.Trim())
            .Should().Equal("SKU", "Product", "Warehouse", "Physical On Hand", "Committed", "Available");
        page.WaitForAssertion(() => page.FindAll("tbody tr").Select(r => string.Join(" | ", Cells(r))).Should().Equal(
            "W-1 | Product W-1 | East | 10 | 0 | 10",
            "W-1 | Product W-1 | West | 4 | 0 | 4"));
    }

    [Fact]
    public async Task Negative_available_is_shown_in_red_and_said_in_words()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 2));
        await World.AddProductAsync("G-2", stock: (East, 5));
        await World.PlaceOrderAsync(East, (widget, 5));

        var page = RenderPage();

        page.WaitForAssertion(() => page.FindAll(".negative-available").Should().ContainSingle());
        var negative = page.Find(".negative-available");
        negative.ClassList.Should().Contain("mud-error-text");
        negative.TextContent.Should().Contain("-3").And.Contain("oversold");
        negative.Closest("tr")!.TextContent.Should().Contain("W-1");
        page.FindAll("tbody tr").Single(r => r.TextContent.Contains("G-2")).QuerySelector(".negative-available").Should().BeNull();
    }

    [Fact]
    public async Task Search_box_narrows_the_grid_to_matching_products()
    {
        await World.AddProductAsync("MUG-1", stock: (East, 1));
        await World.AddProductAsync("TEE-1", stock: (East, 1));
        var page = RenderPage();
        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().HaveCount(2));

        await page.InvokeAsync(() => page.Find("input[type=text]").Input("mug"));
        World.Clock.Advance(TimeSpan.FromSeconds(1)); // the search box's debounce runs on the app's clock

        page.WaitForAssertion(() => page.FindAll("tbody tr").Select(r => Cells(r)[0]).Should().Equal("MUG-1"),
            TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Empty_database_says_there_are_no_stock_records()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => page.Find("tbody").TextContent.Should().Contain("No stock records yet."));
    }

    private IRenderedComponent<InventoryPage> RenderPage()
    {
        Ctx.Render<MudPopoverProvider>();
        return Ctx.Render<InventoryPage>();
    }

    private static string[] Cells(AngleSharp.Dom.IElement row) =>
        row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
}

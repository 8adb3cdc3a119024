using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using OrdoroLite.App.Features.Import;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components.Import;

/// <summary>The Import Orders button and its dialogs over the real import and a real SQLite database.</summary>
public sealed class ImportOrdersDialogTests : AppComponentTest
{
    private const string Header =
        "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Scenario.Alice);
    }

    [Fact]
    public async Task The_chosen_file_shows_its_name_and_size_in_kilobytes()
    {
        var (_, dialogs) = await OpenAsync();

        await ChooseAsync(dialogs, "orders.csv", Header + "\n" + new string('x', 400));

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=chosen-file]").TextContent.Trim().Should().Be("orders.csv (0.6 KB)"));
    }

    [Fact]
    public async Task An_unknown_sku_and_warehouse_are_reported_on_the_first_import()
    {
        await World.AddProductAsync("W-1", stock: (East, 10));
        var (_, dialogs) = await OpenAsync();
        await ChooseAsync(dialogs, "orders.csv", string.Join("\n",
            Header,
            "Shopify,S-1,2026-11-01T10:00:00Z,Dana,dana@example.com,1 Elm,Portland,OR,97201,US,East,W-1,1,9.99",
            "Shopify,S-2,2026-11-01T10:00:00Z,Dana,dana@example.com,1 Elm,Portland,OR,97201,US,Nowhere,NOPE-1,1,9.99"));

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Import").Click());

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Nothing was imported"));
        dialogs.Markup.Should().Contain("Line 3: unknown SKU \"NOPE-1\".").And.Contain("Line 3: unknown warehouse \"Nowhere\".");
    }

    private async Task<(IRenderedComponent<ImportOrdersButton> Button, IRenderedComponent<MudDialogProvider> Dialogs)> OpenAsync()
    {
        var dialogs = Ctx.Render<MudDialogProvider>();
        var button = Ctx.Render<ImportOrdersButton>();
        await button.InvokeAsync(() => button.Find("button").Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        return (button, dialogs);
    }

    private static async Task ChooseAsync(IRenderedComponent<MudDialogProvider> dialogs, string name, string text) =>
        await dialogs.InvokeAsync(() => dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, name)));
}

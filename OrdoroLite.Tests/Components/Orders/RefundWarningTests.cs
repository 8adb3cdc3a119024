using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components.Orders;

/// <summary>
/// The refund warning of the Cancel Order(s) and Delete Label(s) dialogs, opened from the Orders
/// page over a real SQLite database and the carriers' default rules: before anyone confirms, it says
/// how many of the selected labels will be refunded, which the carriers will refuse and why, and
/// the postage expected back. A label costs 450 + 85 per unit, in cents.
/// </summary>
public sealed class RefundWarningTests : AppComponentTest
{
    private Product _widget = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _widget = await World.AddProductAsync("W-1", stock: (East, 100));
        SignIn(Scenario.Alice, Roles.Staff);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Cancel_dialog_warns_that_usps_will_refuse_a_label_older_than_30_days_and_sums_the_postage_expected_back()
    {
        var old = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 2)); // $6.20
        World.Clock.Advance(TimeSpan.FromDays(31));
        var young = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1)); // $5.35
        var fedEx = await World.PlaceShippedOrderWithLabelAsync("FedEx", East, (_widget, 3)); // $7.05

        var dialogs = await OpenDialogAsync("Cancel Order(s)", old, young, fedEx);

        dialogs.WaitForAssertion(() => Lines(dialogs).Should().Equal(
            "1 label will be refunded ($5.35).",
            "1 label was never billed: the carrier bills only scanned labels, so deleting it costs nothing ($7.05).",
            "1 label is older than 30 days: USPS will refuse its refund ($6.20)."));
        Total(dialogs).Should().Be("Postage expected back: $12.40 of $18.60.");
        Lead(dialogs).Should().Be("If their labels are deleted:", "the box is not checked yet");

        await dialogs.InvokeAsync(() => DeleteLabelBox(dialogs).Change(true));

        dialogs.WaitForAssertion(() => Lead(dialogs).Should().Be("Their labels will be deleted:"));
    }

    [Fact]
    public async Task Delete_label_dialog_warns_that_a_scanned_label_will_be_refused_and_nothing_comes_back()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (_widget, 1));
        World.Clock.Advance(TimeSpan.FromHours(5));
        await World.ScanLabelAsync(number);

        var dialogs = await OpenDialogAsync("Delete Label(s)", number);

        dialogs.WaitForAssertion(() => Lines(dialogs).Should().Equal("1 label was scanned by UPS: UPS will refuse its refund ($5.35)."));
        Total(dialogs).Should().Be("Postage expected back: $0.00 of $5.35.");
        Lead(dialogs).Should().Be("Its label will be deleted:", "one order, one label");
        dialogs.Find("[data-testid=action-count]").TextContent.Should().StartWith($"Order {number} will be left without its label: the label is deleted");
        dialogs.Find("[data-testid=refund-warning]").ClassList.Should().Contain("mud-alert-text-warning");
    }

    [Fact]
    public async Task Delete_label_dialog_of_labels_all_refundable_is_an_information_not_a_warning()
    {
        var first = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1));
        var second = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (_widget, 2));

        var dialogs = await OpenDialogAsync("Delete Label(s)", first, second);

        dialogs.WaitForAssertion(() => Lines(dialogs).Should().Equal("2 labels will be refunded ($11.55)."));
        Total(dialogs).Should().Be("Postage expected back: $11.55 of $11.55.");
        dialogs.Find("[data-testid=refund-warning]").ClassList.Should().Contain("mud-alert-text-info");
    }

    [Fact]
    public async Task Cancel_dialog_of_orders_without_labels_shows_no_refund_warning()
    {
        var number = await World.PlaceOrderAsync(East, (_widget, 1));

        var dialogs = await OpenDialogAsync("Cancel Order(s)", number);

        dialogs.FindAll("[data-testid=refund-warning]").Should().BeEmpty();
    }

    [Fact]
    public async Task Cancel_dialog_keeps_a_refused_comment_says_why_and_cancels_nothing()
    {
        var number = await World.PlaceOrderAsync(East, (_widget, 1));
        const string typed = "Customer asked \u202Eyllaer";

        var dialogs = await OpenDialogAsync("Cancel Order(s)", number);
        await dialogs.InvokeAsync(() => dialogs.Find("textarea").Input(typed));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel Order(s)").Click());

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("The comment holds an invisible character (U+202E)"));
        dialogs.FindAll("[role=dialog]").Should().ContainSingle("the dialog stays open with what was typed");
        dialogs.Find("textarea").GetAttribute("value").Should().Be(typed);
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    /// <summary>Ticks the orders on the Orders page's All tab and opens an action's dialog from the Actions menu.</summary>
    private async Task<IRenderedComponent<MudDialogProvider>> OpenDialogAsync(string action, params int[] numbers)
    {
        var popovers = Ctx.Render<MudPopoverProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/orders?tab=all");
        var page = Ctx.Render<OrdersPage>();
        page.WaitForAssertion(() => page.FindAll("tbody tr a").Select(a => int.Parse(a.TextContent.Trim())).Should().Contain(numbers));
        foreach (var number in numbers)
        {
            await page.InvokeAsync(() => Checkbox(page, $"Select order {number}").Change(true));
        }

        page.WaitForAssertion(() => ActionsButton(page).HasAttribute("disabled").Should().BeFalse());
        await page.InvokeAsync(() => ActionsButton(page).Click());
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-menu-item").Should().NotBeEmpty());
        await popovers.InvokeAsync(() => popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains(action)).Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        return dialogs;
    }

    private static List<string> Lines(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll("[data-testid=refund-warning] li").Select(li => li.TextContent.Trim()).ToList();

    private static string Total(IRenderedComponent<MudDialogProvider> dialogs) =>
        Squeeze(dialogs.Find("[data-testid=refund-total]").TextContent);

    private static string Lead(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.Find("[data-testid=refund-warning] .refund-warning-lead").TextContent.Trim();

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // The delete-label box, found by its label (the Cancel dialog also has the sales-channel boxes).
    private static IElement DeleteLabelBox(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll("[role=dialog] label").Single(l => l.TextContent.Trim() == "Delete associated shipping label and tracking info")
            .QuerySelector("input[type=checkbox]")!;

    private static IElement ActionsButton(IRenderedComponent<OrdersPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Actions");

    // A row's box is a native input named by aria-label (OrdersGrid renders rows as markup).
    private static IElement Checkbox(IRenderedComponent<OrdersPage> page, string name) =>
        page.FindAll("input[type=checkbox][aria-label]").Single(i => i.GetAttribute("aria-label") == name);
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrdoroLite.App.Features.Home;
using OrdoroLite.App.Features.Labels;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>
/// The list of labels kept on cancelled orders and the home page's warning, over a real SQLite
/// database and the default carrier rules (USPS: 30 days; UPS: no deadline while unscanned).
/// </summary>
public sealed class KeptLabelsPageTests : AppComponentTest
{
    private Product _widget = null!;

    protected override string? BrowserTimeZone => "UTC";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _widget = await World.AddProductAsync("W-1", stock: (East, 100));
    }

    [Fact]
    public async Task A_manager_deletes_a_kept_label_after_confirming_which_requests_its_refund_returns_its_units_and_leaves_the_list()
    {
        var soonest = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 2));
        World.Clock.Advance(TimeSpan.FromDays(3));
        var later = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 1));
        var noDeadline = await World.PlaceShippedOrderWithLabelAsync("UPS", East, (_widget, 1));
        await World.CancelAsync([noDeadline, later, soonest], deleteLabels: false);
        SignIn(Scenario.Alice, Roles.Manager);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Ctx.Render<MudSnackbarProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(KeptLabelsView.Url());

        var page = Ctx.Render<KeptLabelsPage>();

        page.WaitForAssertion(() => Orders(page).Should().Equal(soonest, later, noDeadline));
        Squeeze(page.Find("[data-testid=kept-total]").TextContent).Should().Contain("3 labels, $16.90 recoverable");
        page.FindAll("[data-testid=window-closes]").Last().TextContent.Trim().Should().Be("No deadline while unscanned");

        await page.InvokeAsync(() => page.Find($"button[aria-label='Delete the label of order {soonest} and request its refund']").Click());

        // Nothing happens before the confirmation (a double click must not delete the next row's label).
        dialogs.WaitForAssertion(() => dialogs.Find("[role=dialog]").TextContent.Should().Contain($"Order {soonest}'s USPS label").And.Contain("A refund of"));
        Orders(page).Should().Equal(soonest, later, noDeadline);
        await dialogs.InvokeAsync(() => dialogs.FindAll("[role=dialog] button").Single(b => b.TextContent.Trim() == "Delete Label(s)").Click());

        page.WaitForAssertion(() => Orders(page).Should().Equal(later, noDeadline));
        var order = await World.OrderAsync(soonest);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Labels.Single().Refund!.State.Should().Be(RefundState.Requested);
        (await World.LevelAsync(_widget, East)).PhysicalOnHand.Should().Be(100 - 4 + 2, "the deleted label's 2 units are back on the shelf");
    }

    [Fact]
    public async Task The_home_page_tells_a_manager_how_many_kept_labels_can_be_refunded_for_seven_more_days_or_less()
    {
        var closing = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 2));
        await World.CancelAsync([closing], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(25));
        SignIn(Scenario.Alice, Roles.Manager);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var home = Ctx.Render<Home>();

        home.WaitForAssertion(() => Squeeze(home.Find("[data-testid=kept-closing-soon]").TextContent)
            .Should().Contain("1 label kept on a cancelled order can be refunded only for 7 more days or less ($6.20 of postage)."));
        home.Find("[data-testid=kept-closing-soon] a").GetAttribute("href").Should().Be(KeptLabelsView.Url());
    }

    [Fact]
    public async Task The_home_page_shows_staff_no_count_of_kept_labels()
    {
        var closing = await World.PlaceShippedOrderWithLabelAsync("USPS", East, (_widget, 2));
        await World.CancelAsync([closing], deleteLabels: false);
        World.Clock.Advance(TimeSpan.FromDays(25));
        SignIn(Scenario.Bob, Roles.Staff);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var home = Ctx.Render<Home>();

        home.FindAll("[data-testid=kept-closing-soon]").Should().BeEmpty();
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<int> Orders(IRenderedComponent<KeptLabelsPage> page) =>
        page.FindAll("td[data-label=Order] a").Select(a => int.Parse(a.TextContent.Trim())).ToList();
}

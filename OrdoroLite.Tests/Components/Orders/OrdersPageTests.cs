using OrdoroLite.Domain.Labels.Carriers;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components.Orders;

/// <summary>The Orders page over the real use cases and a real SQLite database.</summary>
public sealed class OrdersPageTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private readonly ArmablePause _saves = new();
    private Scenario _world = null!;
    private GridWorld _orders = null!;
    private int _east;
    private Product _widget = null!;
    private BunitAuthorizationContext _auth = null!;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _orders = new GridWorld(_world);
        _east = await _world.AddWarehouseAsync("East");
        _widget = await _world.AddProductAsync("W-1", stock: [(_east, 100)]);

        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.JSInterop.SetupModule(OrdoroLite.App.Features.Shared.LocalTime.ModulePath).Setup<string?>("timeZone").SetResult("America/New_York");
        _ctx.Services.AddAppServicesOver(_database, _world.Clock);
        _ctx.AddBunitPersistentComponentState(); // the Orders page persists its selection for an idle pause
        _ctx.Services.AddSingleton<IDbContextFactory<OrdoroDbContext>>(_database.With(_saves));
        _auth = _ctx.AddAuthorization();
        _auth.SetAuthorized("alice");
        _auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, Scenario.Alice.Id),
            new Claim(CurrentStaff.DisplayNameClaim, Scenario.Alice.Name));
        _ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Tabs_are_named_by_status_and_show_their_counts()
    {
        var shipped = await _orders.PlaceAsync(_east, _widget);
        await _orders.PlaceAsync(_east, _widget);
        await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([shipped], null, Scenario.Alice);

        var page = RenderPage("awaiting");

        page.WaitForAssertion(() => page.FindAll("[role=tab]").Select(t => t.TextContent.Trim()).Should().Equal(
            "Awaiting Fulfillment (2)", "Dropshipment Requested (0)", "Shipped (1)", "Cancelled (0)", "All (3)"));
    }

    [Fact]
    public async Task Clicking_a_tab_puts_it_in_the_url_and_that_url_shows_its_orders()
    {
        var shipped = await _orders.PlaceAsync(_east, _widget);
        var awaiting = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([shipped], null, Scenario.Alice);
        var page = RenderPage("awaiting");
        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(awaiting));

        await page.InvokeAsync(() => page.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("Shipped")).Click());
        var navigation = _ctx.Services.GetRequiredService<NavigationManager>();
        navigation.Uri.Should().EndWith("/orders?tab=shipped");
        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(shipped));
    }

    [Fact]
    public async Task Selecting_rows_counts_them_and_enables_the_actions_button()
    {
        var first = await _orders.PlaceAsync(_east, _widget);
        var second = await _orders.PlaceAsync(_east, _widget);
        var page = RenderPage("awaiting");
        page.WaitForAssertion(() => RowNumbers(page).Should().HaveCount(2));
        ActionsButton(page).HasAttribute("disabled").Should().BeTrue();
        page.Find("[data-testid=selected-count]").TextContent.Trim().Should().Be("0 selected");

        await page.InvokeAsync(() => Checkbox(page, $"Select order {first}").Change(true));

        page.WaitForAssertion(() => page.Find("[data-testid=selected-count]").TextContent.Trim().Should().Be("1 selected"));
        ActionsButton(page).HasAttribute("disabled").Should().BeFalse();

        await page.InvokeAsync(() => Checkbox(page, "Select all orders on this page").Change(true));

        page.WaitForAssertion(() => page.Find("[data-testid=selected-count]").TextContent.Trim().Should().Be("2 selected"));
        Checkbox(page, $"Select order {second}").IsChecked().Should().BeTrue();
    }

    [Fact]
    public async Task The_cancel_dialog_offers_to_delete_labels_when_a_selected_order_has_an_active_label()
    {
        var labelled = await _orders.PlaceAsync(_east, _widget);
        var plain = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([labelled], null, Scenario.Alice);

        var (_, dialogs) = await OpenCancelDialogAsync("all", labelled, plain);

        dialogs.Markup.Should().Contain("Delete associated shipping label and tracking info");
        dialogs.Find("[data-testid=active-label-count]").TextContent.Should().Contain("An order to cancel has an active label");
    }

    [Fact]
    public async Task The_cancel_dialog_has_no_delete_label_box_when_no_selected_order_has_an_active_label()
    {
        var deleted = await _orders.PlaceAsync(_east, _widget);
        var plain = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([deleted], null, Scenario.Alice);
        await _world.DeleteLabels.RunAsync([deleted], null, Scenario.Alice);

        var (_, dialogs) = await OpenCancelDialogAsync("awaiting", deleted, plain);

        dialogs.Find("[data-testid=cancel-count]").TextContent.Should().Contain("2 orders will be cancelled");
        dialogs.Markup.Should().NotContain("Delete associated shipping label and tracking info");
        // Only the sales-channel options are left (docs/channels.md, "Out").
        dialogs.FindAll("[role=dialog] label").Where(l => l.QuerySelector("input[type=checkbox]") is not null)
            .Select(l => l.TextContent.Trim()).Should().Equal("Also cancel on the sales channel", "Notify the customer");
    }

    [Fact]
    public async Task Confirming_the_cancel_dialog_cancels_the_selection_once_and_shows_each_orders_outcome()
    {
        var labelled = await _orders.PlaceAsync(_east, _widget, quantity: 2);
        var open = await _orders.PlaceAsync(_east, _widget);
        var already = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([labelled], null, Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([already], null, null, false), Scenario.Bob);
        var (page, dialogs) = await OpenCancelDialogAsync("all", labelled, open, already);
        dialogs.Find("[data-testid=cancel-count]").TextContent.Should().Be("2 orders will be cancelled. 1 will be skipped: already cancelled.");

        // Find and act inside the renderer's dispatcher: a render between the two (the grid refreshes
        // itself when orders change) would leave the test holding a stale button.
        await dialogs.InvokeAsync(() => dialogs.Find("textarea").Input("Customer called"));
        await dialogs.InvokeAsync(() => dialogs.FindAll("label").Single(l => l.TextContent.Trim() == "Delete associated shipping label and tracking info")
            .QuerySelector("input[type=checkbox]")!.Change(true));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel Order(s)").Click());

        page.WaitForAssertion(() => page.Find("[data-testid=last-outcome]").TextContent
            .Should().Contain("2 cancelled, 1 skipped: already cancelled"));
        await page.InvokeAsync(() => page.FindAll("[data-testid=last-outcome] button").Single(b => b.TextContent.Contains("Show details")).Click());
        var details = page.Find("[data-testid=last-outcome]").TextContent;
        details.Should().Contain($"Order {labelled}: cancelled")
            .And.Contain($"Order {open}: cancelled")
            .And.Contain($"Order {already}: skipped, already cancelled");
        page.Find("[data-testid=selected-count]").TextContent.Trim().Should().Be("0 selected");
        page.WaitForAssertion(() => page.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("Cancelled"))
            .TextContent.Trim().Should().Be("Cancelled (3)"));
        var order = await _world.OrderAsync(labelled);
        order.Status.Should().Be(OrderStatus.Cancelled);
        order.Cancellation!.ByName.Should().Be("Alice Staff");
        order.Cancellation!.Comment.Should().Be("Customer called");
        order.Labels.Single().State.Should().Be(LabelState.Deleted);
        order.Events.Count(e => e.Type == OrderEventType.Cancelled).Should().Be(1);
        order.ChannelCancellations.Should().ContainSingle("\"Also cancel on the sales channel\" is checked by default")
            .Which.NotifyCustomer.Should().BeFalse("\"Notify the customer\" is not");
        (await _world.LevelAsync(_widget, _east)).PhysicalOnHand.Should().Be(100);
    }

    [Fact]
    public async Task Confirming_without_a_signed_in_person_says_so_and_changes_nothing()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        _auth.SetNotAuthorized();
        var snackbars = _ctx.Render<MudSnackbarProvider>();
        var (page, dialogs) = await OpenCancelDialogAsync("awaiting", number);

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel Order(s)").Click());

        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("Sign in to do that."));
        page.FindAll("[data-testid=last-outcome]").Should().BeEmpty();
        (await _world.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    [Fact]
    public async Task A_save_that_waits_for_another_change_says_it_is_queued_until_it_is_done()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        // The save is held before it writes, as it would be behind a large import's lock.
        var pause = _saves.Arm();
        var snackbars = _ctx.Render<MudSnackbarProvider>();
        var (page, dialogs) = await OpenCancelDialogAsync("awaiting", number);

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel Order(s)").Click());

        await pause.Paused.WaitAsync(TimeSpan.FromSeconds(10));
        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("another change (for example a large import) is being saved first"),
            TimeSpan.FromSeconds(5));
        pause.Release();
        page.WaitForAssertion(() => page.Find("[data-testid=last-outcome]").TextContent.Should().Contain("1 cancelled"));
        snackbars.WaitForAssertion(() => snackbars.Markup.Should().NotContain("is being saved first"));
        (await _world.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
    }

    [Fact]
    public async Task The_cancelled_tab_shows_when_who_why_and_the_comment_as_plain_text()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([number], null, Scenario.Alice);
        await _world.Cancel.RunAsync(
            new CancelOrdersRequest([number], CancelReason.SuspectedFraud, "<script>alert(1)</script>", DeleteLabels: true), Scenario.Bob);

        var page = RenderPage("cancelled");

        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(number));
        page.FindAll("th").Select(h => h.TextContent.Trim()).Should()
            .Equal("Selected", "Order", "Customer", "Total", "Label / tracking", "Cancelled", "Reason and comment");
        // 15:30 UTC is 10:30 in New York, the viewer's time zone here.
        page.WaitForAssertion(() => Part(page, "cancelled-at").Should().Be("2026-11-02 10:30"));
        Part(page, "cancelled-by").Should().Be("by Bob Staff");
        Part(page, "reason").Should().Be("Suspected fraud");
        Part(page, "refund").Should().Be("Refund requested");
        var row = page.FindAll("tbody tr").Single();
        Cell(row, "Label / tracking").Should().StartWith("Label deleted");
        var comment = row.QuerySelector("[data-testid=comment-cell]")!;
        comment.TextContent.Trim().Should().Be("<script>alert(1)</script>");
        comment.QuerySelector("script").Should().BeNull();
    }

    [Fact]
    public async Task A_long_comment_is_shortened_and_expands_to_its_full_text()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        var longComment = string.Join(" ", Enumerable.Repeat("The customer changed their mind.", 6));
        await _world.Cancel.RunAsync(new CancelOrdersRequest([number], null, longComment, false), Scenario.Bob);
        var page = RenderPage("cancelled");
        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(number));
        page.Find("[data-testid=comment-cell]").TextContent.Should().NotContain(longComment);

        await page.InvokeAsync(() => page.Find($"button[aria-label='Show full comment of order {number}']").Click());

        page.Find("[data-testid=comment-cell]").TextContent.Should().Contain(longComment);
    }

    [Fact]
    public async Task A_long_comment_is_shortened_between_characters_and_a_slightly_long_one_is_shown_whole()
    {
        var emoji = await _orders.PlaceAsync(_east, _widget);
        var slightly = await _orders.PlaceAsync(_east, _widget);
        var withEmoji = new string('A', 39) + "\U0001F600 and then a good many more words";
        var fortyFive = new string('B', 44) + ".";
        await _world.Cancel.RunAsync(new CancelOrdersRequest([emoji], null, withEmoji, false), Scenario.Bob);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([slightly], null, fortyFive, false), Scenario.Bob);
        var page = RenderPage("cancelled");
        page.WaitForAssertion(() => RowNumbers(page).Should().BeEquivalentTo([emoji, slightly]));

        string Cell(int number) => page.FindAll("tbody tr").Single(r => r.QuerySelector("a")!.TextContent.Trim() == number.ToString())
            .QuerySelector("[data-testid=comment-cell]")!.TextContent;

        Cell(emoji).Should().Contain(new string('A', 39) + "\U0001F600…", "the emoji is the 40th character and is kept whole")
            .And.NotContain("\uFFFD");
        Cell(slightly).Should().Contain(fortyFive, "hiding only the last few characters behind More saves nothing");
    }

    [Fact]
    public async Task A_change_made_elsewhere_refreshes_the_grid_and_counts()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        var page = RenderPage("awaiting");
        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(number));

        await _world.Cancel.RunAsync(new CancelOrdersRequest([number], null, null, false), Scenario.Bob);
        _ctx.Services.GetRequiredService<OrderChanges>().Publish([number]);

        page.WaitForAssertion(() => RowNumbers(page).Should().BeEmpty());
        page.FindAll("[role=tab]").Single(t => t.TextContent.StartsWith("Cancelled")).TextContent.Trim().Should().Be("Cancelled (1)");
    }

    [Fact]
    public async Task A_report_link_opens_the_cancelled_tab_filtered_to_its_reason_and_sku_and_the_sku_chip_clears_its_filter()
    {
        var gadget = await _world.AddProductAsync("G-1", stock: [(_east, 100)]);
        var fraud = await _orders.PlaceAsync(_east, _widget);
        var fraudGadget = await _orders.PlaceAsync(_east, gadget);
        var other = await _orders.PlaceAsync(_east, _widget);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([fraud, fraudGadget], CancelReason.SuspectedFraud, null, false), Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([other], CancelReason.CustomerRequest, null, false), Scenario.Alice);

        var page = RenderPage("cancelled&reason=SuspectedFraud&sku=G-1");

        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(fraudGadget));
        page.Find("[data-testid=sku-filter]").TextContent.Should().Contain("Only orders with SKU G-1");
        page.FindAll("input").Select(i => i.GetAttribute("value")).Should().Contain("Suspected fraud");
        await page.InvokeAsync(() => page.Find("[data-testid=sku-filter] button").Click());
        _ctx.Services.GetRequiredService<NavigationManager>().Uri.Should().EndWith("/orders?tab=cancelled&reason=SuspectedFraud");
        page.WaitForAssertion(() => RowNumbers(page).Should().BeEquivalentTo([fraud, fraudGadget]));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-1")]
    [InlineData("424242")]
    public async Task A_link_whose_warehouse_is_not_a_warehouse_number_shows_every_warehouse_and_says_so(string warehouse)
    {
        var west = await _world.AddWarehouseAsync("West");
        var gadget = await _world.AddProductAsync("G-1", stock: [(west, 10)]);
        var inEast = await _orders.PlaceAsync(_east, _widget);
        var inWest = await _orders.PlaceAsync(west, gadget);

        var page = RenderPage($"awaiting&warehouse={Uri.EscapeDataString(warehouse)}");

        page.WaitForAssertion(() => RowNumbers(page).Should().BeEquivalentTo([inEast, inWest]));
        page.Find("[data-testid=link-notice]").TextContent.Should()
            .Be($"This link's warehouse \"{warehouse}\" is not the number of a warehouse here; showing every warehouse.");
    }

    [Fact]
    public async Task A_link_with_a_warehouse_number_shows_only_that_warehouse()
    {
        var west = await _world.AddWarehouseAsync("West");
        var gadget = await _world.AddProductAsync("G-1", stock: [(west, 10)]);
        await _orders.PlaceAsync(_east, _widget);
        var inWest = await _orders.PlaceAsync(west, gadget);

        var page = RenderPage($"awaiting&warehouse={west}");

        page.WaitForAssertion(() => RowNumbers(page).Should().Equal(inWest));
        page.FindAll("[data-testid=link-notice]").Should().BeEmpty();
    }

    private IRenderedComponent<OrdersPage> RenderPage(string tab)
    {
        _ctx.Render<MudPopoverProvider>();
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/orders?tab={tab}");
        return _ctx.Render<OrdersPage>();
    }

    private async Task<(IRenderedComponent<OrdersPage> page, IRenderedComponent<MudDialogProvider> dialogs)> OpenCancelDialogAsync(
        string tab, params int[] numbers)
    {
        var popovers = _ctx.Render<MudPopoverProvider>();
        var dialogs = _ctx.Render<MudDialogProvider>();
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/orders?tab={tab}");
        var page = _ctx.Render<OrdersPage>();
        page.WaitForAssertion(() => RowNumbers(page).Should().Contain(numbers));
        foreach (var number in numbers)
        {
            await page.InvokeAsync(() => Checkbox(page, $"Select order {number}").Change(true));
        }

        page.WaitForAssertion(() => ActionsButton(page).HasAttribute("disabled").Should().BeFalse());
        await page.InvokeAsync(() => ActionsButton(page).Click());
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-menu-item").Should().NotBeEmpty());
        await popovers.InvokeAsync(() => popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Cancel Order(s)")).Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await Task.CompletedTask;
        return (page, dialogs);
    }

    private static List<int> RowNumbers(IRenderedComponent<OrdersPage> page) =>
        page.FindAll("tbody tr a").Select(a => int.Parse(a.TextContent.Trim())).ToList();

    private static IElement ActionsButton(IRenderedComponent<OrdersPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Actions");

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

    private static string Cell(IElement row, string label) =>
        row.QuerySelector($"td[data-label='{label}']")!.TextContent.Trim();

    /// <summary>Lets every save through, until a test arms it to hold the next one.</summary>
    private sealed class ArmablePause : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        private PauseBeforeSave? _armed;

        public PauseBeforeSave Arm() => _armed = new PauseBeforeSave();

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            _armed is { } pause ? pause.SavingChangesAsync(eventData, result, cancellationToken) : ValueTask.FromResult(result);
    }

    private static string Part(IRenderedComponent<OrdersPage> page, string testId) =>
        page.Find($"tbody [data-testid={testId}]").TextContent.Trim();
}

using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// An idle Orders tab gives its server memory back (issue 16, docs/performance.md "Idle Orders tabs"):
/// after <c>Circuits:IdlePauseSeconds</c> without input its circuit is paused — the server holds no
/// circuit for it — and the first pointer move brings it back up to date with the selection kept.
/// The app here pauses after 4 s rather than a minute, so the test does not wait a minute.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdlePauseBrowserTests(Browser browser, ITestOutputHelper output) : IAsyncLifetime
{
    // Long enough that no step of a test under load takes it; short enough not to wait a minute.
    private const int IdleSeconds = 4;

    private const string CircuitsMeter = "Microsoft.AspNetCore.Components.Server.Circuits";

    private readonly AppServer _app = new(new AppServerOptions(
        Settings: new Dictionary<string, string> { ["Circuits:IdlePauseSeconds"] = IdleSeconds.ToString(CultureInfo.InvariantCulture) }));

    private readonly MeterListener _circuits = new();
    private long _activeCircuits;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();

        // The server's own count of live circuits (ASP.NET Core's circuit metrics), for this app only.
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        _circuits.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CircuitsMeter && instrument.Name == "aspnetcore.components.circuit.active" && instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _circuits.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref _activeCircuits, change));
        _circuits.Start();
    }

    public async Task DisposeAsync()
    {
        _circuits.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public Task An_idle_orders_tab_holds_no_circuit_and_a_pointer_move_brings_it_back_up_to_date_with_its_selection() =>
        browser.RunAsync(_app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);
            await WakeAsync(page);
            var first = await page.VisibleOrderNumbersAsync();
            await page.SelectOrderAsync(first[0]);
            await page.SelectOrderAsync(first[1]);
            await page.Locator("ul[aria-label=Pages] button").Filter(new() { HasTextRegex = new Regex(@"^\s*2\s*$") }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]page=2(&|$)"));
            await Assertions.Expect(page.OrderLinks().First).Not.ToHaveTextAsync(first[0].ToString(CultureInfo.InvariantCulture));
            var second = await page.VisibleOrderNumbersAsync();
            await page.SelectOrderAsync(second[0]);
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("3 selected (2 not on this page)");
            var awaitingBefore = await AwaitingCountAsync(page);
            var url = page.Url;

            // Left alone: paused, with a banner saying how to come back, and no circuit on the server.
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "paused", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Paused while idle" })).ToBeVisibleAsync();
            await WaitForActiveCircuitsAsync(0);
            await page.SaveScreenshotAsync("idle-tab-paused-1280x800.png");

            // Meanwhile someone else cancels an order of this page.
            var cancelled = second[1];
            var outcome = await _app.Services.GetRequiredService<CancelOrders>().RunAsync(
                new CancelOrdersRequest([cancelled], CancelReason.CustomerRequest, null, DeleteLabels: false), DemoStaff.Manager.AsActor());
            outcome.DoneCount.Should().Be(1);
            _app.Services.GetRequiredService<OrderChanges>().Publish([cancelled]); // as the menu, the API and jobs do

            // A pointer move: the same view and selection, and the page as it is now.
            await page.Mouse.MoveAsync(400, 400);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Paused while idle" })).ToBeHiddenAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = $"Awaiting Fulfillment ({awaitingBefore - 1:N0})" })).ToBeVisibleAsync();
            await Assertions.Expect(page.OrderRow(cancelled)).ToHaveCountAsync(0);
            page.Url.Should().Be(url);
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("3 selected (2 not on this page)");
            await Assertions.Expect(page.OrderCheckbox(second[0])).ToBeCheckedAsync();
            await WaitForActiveCircuitsAsync(1);

            // The new circuit works: a tick counts.
            await page.SelectOrderAsync(second[2]);
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("4 selected (2 not on this page)");
        });

    [Fact]
    public Task A_tab_with_a_dialog_open_is_not_paused_and_keeps_what_was_typed() =>
        browser.RunAsync(_app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting", Screens.Phone);
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            var number = (await page.VisibleOrderNumbersAsync())[0];
            await page.OpenOrdersTabAsync("awaiting");
            await WakeAsync(page);
            await page.SearchOrderAsync(number);
            await page.SelectOrderAsync(number);
            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            var comment = dialog.GetByLabel("Comment");
            await comment.FillAsync("Customer phoned, call back after lunch");
            // The cursor out of the text box (which alone would keep the page from pausing): the dialog must.
            await dialog.GetByTestId("cancel-count").ClickAsync();
            (await page.EvaluateAsync<bool>("() => document.activeElement.matches('input, textarea')")).Should().BeFalse();

            // Three times the idle time without input: the dialog, and what was typed, are still there.
            await page.WaitForTimeoutAsync(3 * IdleSeconds * 1000);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
            await Assertions.Expect(comment).ToHaveValueAsync("Customer phoned, call back after lunch");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Go Back" }).ClickAsync();

            // Closed, the page pauses after all, read to its end: the pager stays above the banner. On a
            // phone a tap wakes it and is not taken as a tap on the page: the order ticked before stays ticked.
            await page.Mouse.WheelAsync(0, 5_000);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "paused", new() { Timeout = 30_000 });
            var pager = await page.Locator("ul[aria-label=Pages]").BoundingBoxAsync();
            var banner = await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Paused while idle" }).BoundingBoxAsync();
            (pager!.Y + pager.Height).Should().BeLessThanOrEqualTo(banner!.Y, "the pager must not be under the banner");
            await page.SaveScreenshotAsync("idle-tab-paused-390x844.png");
            await page.OrderCheckbox(number).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("1 selected");
            await Assertions.Expect(page.OrderCheckbox(number)).ToBeCheckedAsync();

            // The next tap is a tap.
            await page.OrderCheckbox(number).ClickAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("0 selected");
        });

    [Fact]
    public Task A_tab_with_the_cursor_in_the_search_box_does_not_pause_and_back_while_paused_shows_the_page_the_url_names() =>
        browser.RunAsync(_app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);
            var first = await page.VisibleOrderNumbersAsync();

            // A person (or a scanner) about to type: three idle times with the cursor in the box, still live, and what is typed counts.
            await WakeAsync(page);
            var search = page.GetByLabel("Search orders");
            await search.FocusAsync();
            await page.WaitForTimeoutAsync(3 * IdleSeconds * 1000);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
            await search.PressSequentiallyAsync(first[0].ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(1);
            await search.FillAsync("");
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);

            // Out of the box, on page 2, paused; Back names page 1 and the page shows it.
            await page.Locator("h1").ClickAsync();
            await page.Locator("ul[aria-label=Pages] button").Filter(new() { HasTextRegex = new Regex(@"^\s*2\s*$") }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]page=2(&|$)"));
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "paused", new() { Timeout = 30_000 });
            await page.GoBackAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
            await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("[?&]page=2(&|$)"));
            await Assertions.Expect(page.OrderLinks().First).ToHaveTextAsync(first[0].ToString(CultureInfo.InvariantCulture));
        });

    // Loading a page is no input: one that took longer than the idle time has paused already.
    private static async Task WakeAsync(IPage page)
    {
        await page.Mouse.MoveAsync(400, 400);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-circuit", "live");
    }

    private static async Task<int> AwaitingCountAsync(IPage page)
    {
        var text = await page.GetByRole(AriaRole.Tab, new() { Name = "Awaiting Fulfillment (" }).InnerTextAsync();
        return int.Parse(Regex.Match(text, @"\(([\d,]+)\)").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    // The server ends a paused circuit after the browser has gone, not in the same instant.
    private async Task WaitForActiveCircuitsAsync(long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Interlocked.Read(ref _activeCircuits) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Interlocked.Read(ref _activeCircuits).Should().Be(expected, "the server's live circuits for this one tab");
    }
}

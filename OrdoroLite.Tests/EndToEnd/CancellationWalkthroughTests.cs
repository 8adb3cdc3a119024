using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// The cancellation walk-through of issue 5 in Debian's Chromium against the real app and the
/// demo data. Each test claims its own orders, so they run in any order.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CancellationWalkthroughTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    private static readonly string Today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow,
        TimeZoneInfo.FindSystemTimeZoneById(Browser.TimeZone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public Task Staff_cancels_two_awaiting_orders_which_then_show_on_the_cancelled_tab_with_name_date_and_comment_and_release_committed_stock() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            await page.OpenOrdersTabAsync("awaiting");
            var orders = await app.ClaimAsync(2, OrderFinder.AwaitingWithOneLine, await page.VisibleOrderNumbersAsync());
            var before = await ReadStockAsync(page, orders);
            var comment = $"Customer called to cancel {Guid.NewGuid():N}";

            await page.OpenOrdersTabAsync("awaiting");
            await page.SelectOrderAsync(orders[0].Number);
            await page.SelectOrderAsync(orders[1].Number);
            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToContainTextAsync("2 orders will be cancelled.");
            await Assertions.Expect(dialog.GetByLabel(OrdersUi.DeleteLabelBox)).ToHaveCountAsync(0);
            await page.ChooseReasonAsync(dialog, "Customer request");
            await dialog.GetByLabel("Comment").FillAsync(comment);
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();

            await Assertions.Expect(page.Snackbars()).ToContainTextAsync("2 cancelled");
            await page.OpenOrdersTabAsync("cancelled");
            foreach (var order in orders)
            {
                await page.SearchOrderAsync(order.Number);
                var row = page.OrderRow(order.Number);
                await Assertions.Expect(row.GetByTestId("cancelled-by")).ToHaveTextAsync($"by {DemoStaff.Staff.DisplayName}");
                await Assertions.Expect(row.GetByTestId("cancelled-at")).ToContainTextAsync(Today);
                await Assertions.Expect(row.GetByTestId("reason")).ToHaveTextAsync("Customer request");
                await Assertions.Expect(row.GetByTestId("comment-cell").Locator("span[title]")).ToHaveAttributeAsync("title", comment);
            }

            var after = await ReadStockAsync(page, orders);
            foreach (var ((sku, warehouse), stock) in before)
            {
                var quantity = orders.Where(o => o.Warehouse == warehouse && o.Line.Sku == sku).Sum(o => o.Line.Quantity);
                after[(sku, warehouse)].Should().Be(stock with { Committed = stock.Committed - quantity },
                    $"cancelling releases {quantity} committed units of {sku} at {warehouse} and leaves the shelf alone");
            }
        });

    [Fact]
    public Task Cancelling_a_shipped_order_and_deleting_its_label_puts_cancel_label_deletion_and_refund_on_the_timeline_and_units_back_on_the_shelf() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            // A label its carrier has not scanned yet: a scanned one's refund is refused at once (docs/refunds.md).
            var order = await app.ClaimOneAsync(OrderFinder.ShippedWithRefundableLabel);
            var before = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);

            var dialog = await page.OpenActionForOrderAsync("shipped", order.Number, OrdersUi.CancelOrders);
            await dialog.GetByLabel(OrdersUi.DeleteLabelBox).CheckAsync();
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(page.Snackbars()).ToContainTextAsync("1 cancelled");

            await page.OpenOrderAsync(order.Number);
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToHaveCountAsync(1);
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToContainTextAsync($"by {DemoStaff.Staff.DisplayName}");
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToContainTextAsync(Today);
            await Assertions.Expect(page.TimelineEntries("Label deleted")).ToHaveCountAsync(1);
            await Assertions.Expect(page.TimelineEntries("Refund requested")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".label-card").Filter(new() { HasText = order.ActiveTracking! })).ToContainTextAsync("Deleted");

            var after = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);
            after.Should().Be(before with { PhysicalOnHand = before.PhysicalOnHand + order.Line.Quantity });
        });

    [Fact]
    public Task Cancelling_a_shipped_order_but_keeping_its_label_keeps_label_and_tracking_and_leaves_inventory_alone() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var order = await app.ClaimOneAsync(OrderFinder.ShippedWithActiveLabel);
            var before = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);

            var dialog = await page.OpenActionForOrderAsync("shipped", order.Number, OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByLabel(OrdersUi.DeleteLabelBox)).Not.ToBeCheckedAsync();
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(page.Snackbars()).ToContainTextAsync("1 cancelled");

            await page.OpenOrderAsync(order.Number);
            await Assertions.Expect(page.GetByRole(AriaRole.Note, new() { Name = "Cancellation" })).ToContainTextAsync($"by {DemoStaff.Staff.DisplayName}");
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToHaveCountAsync(1);
            await Assertions.Expect(page.TimelineEntries("Label deleted")).ToHaveCountAsync(0);
            var label = page.Locator(".label-card").Filter(new() { HasText = order.ActiveTracking! });
            await Assertions.Expect(label).ToContainTextAsync("Active");
            await Assertions.Expect(label).ToContainTextAsync($"Tracking {order.ActiveTracking}");

            var after = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);
            after.Should().Be(before);
        });

    [Fact]
    public Task Restoring_a_cancelled_order_from_the_cancelled_tab_puts_it_back_in_awaiting_fulfillment_and_commits_its_stock_again() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var order = await app.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
            await page.OpenOrderAsync(order.Number);
            var cancel = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await cancel.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToHaveCountAsync(1);
            var cancelled = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);

            var restore = await page.OpenActionForOrderAsync("cancelled", order.Number, OrdersUi.RestoreOrders);
            await restore.GetByLabel("Comment").FillAsync("Customer changed their mind");
            await restore.ConfirmButton(OrdersUi.RestoreOrders).ClickAsync();
            await Assertions.Expect(page.Snackbars()).ToContainTextAsync("1 restored");
            await Assertions.Expect(page.OrderRow(order.Number)).ToHaveCountAsync(0);

            await page.OpenOrdersTabAsync("awaiting");
            await page.SearchOrderAsync(order.Number);
            await Assertions.Expect(page.OrderRow(order.Number).Locator("td[data-label='Status']")).ToHaveTextAsync("Awaiting Fulfillment");
            await page.OpenOrderAsync(order.Number);
            var restored = page.TimelineEntries("Restored");
            await Assertions.Expect(restored).ToHaveCountAsync(1);
            await Assertions.Expect(restored).ToContainTextAsync($"by {DemoStaff.Staff.DisplayName}");
            await Assertions.Expect(restored).ToContainTextAsync("Customer changed their mind");
            var after = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);
            after.Should().Be(cancelled with { Committed = cancelled.Committed + order.Line.Quantity });
        });

    [Fact]
    public Task Manager_sees_on_the_cancelled_tab_the_comment_and_name_of_a_staff_cancellation() =>
        browser.RunAsync(app, output, async session =>
        {
            var staff = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var order = await app.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
            var comment = "Duplicate of an order placed by phone";
            await staff.OpenOrderAsync(order.Number);
            var dialog = await staff.OpenActionAsync(OrdersUi.CancelOrders);
            await staff.ChooseReasonAsync(dialog, "Duplicate order");
            await dialog.GetByLabel("Comment").FillAsync(comment);
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(staff.TimelineEntries("Cancelled")).ToHaveCountAsync(1);

            var manager = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/orders?tab=cancelled");
            await manager.SearchOrderAsync(order.Number);

            var row = manager.OrderRow(order.Number);
            await Assertions.Expect(row.GetByTestId("cancelled-by")).ToHaveTextAsync($"by {DemoStaff.Staff.DisplayName}");
            await Assertions.Expect(row.GetByTestId("reason")).ToHaveTextAsync("Duplicate order");
            await Assertions.Expect(row.GetByTestId("comment-cell")).ToHaveTextAsync(comment);
        });

    [Fact]
    public Task No_control_on_the_orders_tab_or_the_order_page_deletes_an_order() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/orders?tab=all");
            await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
            var number = (await page.VisibleOrderNumbersAsync())[0];
            await page.SelectOrderAsync(number);
            await OpenActionsMenuAsync(page);
            await ExpectNoDeleteOrderControlAsync(page);

            await page.Keyboard.PressAsync("Escape");
            await page.OpenOrderAsync(number);
            await ExpectNoDeleteOrderControlAsync(page);
            await OpenActionsMenuAsync(page);
            await ExpectNoDeleteOrderControlAsync(page);
        });

    [Fact]
    public Task A_signed_out_visitor_who_opens_the_orders_tab_lands_on_the_sign_in_page() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.NewPageAsync();

            await page.GotoAsync("/orders");

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2Forders$"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("orders-grid")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task Two_staff_cancelling_the_same_order_at_the_same_moment_cancel_it_once_and_the_second_is_told_it_was_already_cancelled() =>
        browser.RunAsync(app, output, async session =>
        {
            var otherEmail = await app.AddPersonAsync(Roles.Staff);
            var order = await app.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
            var before = await (await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/inventory"))
                .ReadStockAsync(order.Line.Sku, order.Warehouse);
            var sam = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, $"/orders/{order.Number}");
            var other = await session.SignedInPageAsync(otherEmail, AppServer.TestPassword, $"/orders/{order.Number}");
            var samDialog = await sam.OpenActionAsync(OrdersUi.CancelOrders);
            var otherDialog = await other.OpenActionAsync(OrdersUi.CancelOrders);

            await Task.WhenAll(
                samDialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync(),
                otherDialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync());

            await Assertions.Expect(sam.Snackbars()).ToContainTextAsync("cancelled");
            await Assertions.Expect(other.Snackbars()).ToContainTextAsync("cancelled");
            var outcomes = new[] { await sam.Snackbars().InnerTextAsync(), await other.Snackbars().InnerTextAsync() };
            outcomes.Should().ContainSingle(o => o.Contains("1 cancelled"))
                .And.ContainSingle(o => o.Contains("0 cancelled") && o.Contains("1 skipped: already cancelled"));
            var winner = outcomes[0].Contains("1 cancelled") ? DemoStaff.Staff.DisplayName : AppServer.TestPersonName;
            await sam.OpenOrderAsync(order.Number);
            await Assertions.Expect(sam.TimelineEntries("Cancelled")).ToHaveCountAsync(1);
            await Assertions.Expect(sam.TimelineEntries("Cancelled")).ToContainTextAsync($"by {winner}");
            var after = await sam.ReadStockAsync(order.Line.Sku, order.Warehouse);
            after.Should().Be(before with { Committed = before.Committed - order.Line.Quantity }, "the stock moves once");
        });

    [Fact]
    public Task A_comment_that_looks_like_a_script_is_shown_as_text_and_never_runs() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var dialogs = new List<string>();
            page.Dialog += (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                _ = dialog.DismissAsync();
            };
            var order = await app.ClaimOneAsync(orders => orders);
            const string script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
            await page.OpenOrderAsync(order.Number);

            await page.GetByLabel("Comment").FillAsync(script);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();

            var comment = page.TimelineEntries("Comment").Filter(new() { HasText = script });
            await Assertions.Expect(comment.Locator(".timeline-comment")).ToHaveTextAsync(script);
            await page.ReloadAsync(); // the prerendered page too
            await page.WaitUntilInteractiveAsync();
            await Assertions.Expect(comment.Locator(".timeline-comment")).ToHaveTextAsync(script);
            await Assertions.Expect(page.Locator(".timeline-comment script, .timeline-comment img")).ToHaveCountAsync(0);
            dialogs.Should().BeEmpty("the comment is text, never markup");
        });

    [Fact]
    public Task Cancelling_a_page_of_fifty_awaiting_orders_empties_the_grid_of_them_and_reports_the_time() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=awaiting");
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(50);
            var numbers = await page.VisibleOrderNumbersAsync();
            lock (app.ClaimedOrders)
            {
                app.ClaimedOrders.UnionWith(numbers);
            }

            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all orders on this page" }).CheckAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("50 selected");
            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToContainTextAsync("50 orders will be cancelled.");
            var confirm = dialog.ConfirmButton(OrdersUi.CancelOrders);
            // The clock runs in the page: from the confirm click to the first frame whose grid holds none of the fifty.
            await page.EvaluateAsync("""
                numbers => {
                    const gone = () => {
                        const shown = [...document.querySelectorAll("[data-testid=orders-grid] td[data-label=Order] a")].map(td => Number(td.innerText.trim()));
                        return shown.length > 0 && !shown.some(n => numbers.includes(n));
                    };
                    window.__cancelTiming = {};
                    document.addEventListener("click", () => {
                        window.__cancelTiming.start ??= performance.now();
                        const observer = new MutationObserver(() => {
                            if (gone()) { window.__cancelTiming.end = performance.now(); observer.disconnect(); }
                        });
                        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
                    }, { capture: true, once: true });
                }
                """, numbers);
            var wall = Stopwatch.StartNew();

            await confirm.ClickAsync();

            await page.WaitForFunctionAsync("() => window.__cancelTiming.end !== undefined", null, new() { Timeout = 30_000 });
            wall.Stop();
            var milliseconds = await page.EvaluateAsync<double>("() => window.__cancelTiming.end - window.__cancelTiming.start");
            output.WriteLine($"Cancel of 50 selected orders: {milliseconds:F0} ms in the browser from the confirm click to the grid without them ({wall.ElapsedMilliseconds} ms seen by the test).");
            await Assertions.Expect(page.Snackbars()).ToContainTextAsync("50 cancelled");
            (await page.VisibleOrderNumbersAsync()).Should().NotIntersectWith(numbers);
        });

    private static async Task OpenActionsMenuAsync(IPage page)
    {
        var actions = page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true });
        await Assertions.Expect(actions).ToBeEnabledAsync();
        await actions.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = OrdersUi.CancelOrders })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete Label(s)" })).ToBeVisibleAsync();
    }

    private static async Task ExpectNoDeleteOrderControlAsync(IPage page)
    {
        var deleteOrder = new Regex("delete\\s+order", RegexOptions.IgnoreCase);
        foreach (var role in new[] { AriaRole.Button, AriaRole.Menuitem, AriaRole.Link, AriaRole.Checkbox, AriaRole.Option, AriaRole.Tab })
        {
            await Assertions.Expect(page.GetByRole(role, new() { NameRegex = deleteOrder, IncludeHidden = true })).ToHaveCountAsync(0);
        }
    }

    private static async Task<Dictionary<(string Sku, string Warehouse), ShownStock>> ReadStockAsync(IPage page, IEnumerable<OrderFacts> orders)
    {
        var stock = new Dictionary<(string Sku, string Warehouse), ShownStock>();
        foreach (var key in orders.Select(o => (o.Line.Sku, o.Warehouse)).Distinct())
        {
            stock[key] = await page.ReadStockAsync(key.Sku, key.Warehouse);
        }

        return stock;
    }
}

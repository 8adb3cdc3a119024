using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.ServerFarm;

/// <summary>
/// Several app servers on one PostgreSQL database (issue 15): a sign-in from one is good on the
/// other, a change on one refreshes the other's open screens, and the same orders cancelled
/// through both at once are cancelled once.
/// </summary>
[Collection(TwoServersCollection.Name)]
public sealed class TwoServersTests(TwoServers servers, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_server_is_accepted_by_the_other()
    {
        using var atA = servers.A.NewVisitor();
        using var atB = servers.B.NewVisitor();
        (await atA.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = atA.SignInCookieSet!;

        atB.AddHeader("Cookie", $"{cookie.Name}={cookie.Value}");
        var orders = await atB.GetAsync("/orders");

        orders.StatusCode.Should().Be(HttpStatusCode.OK, "the servers share their Data Protection keys through the database");
        (await orders.Content.ReadAsStringAsync()).Should().Contain("Orders");
    }

    [Fact]
    public async Task The_same_orders_cancelled_through_both_servers_at_once_are_cancelled_once_with_stock_moved_once()
    {
        var numbers = await servers.TakeOpenOrdersAsync(30);
        var committedBefore = await CommittedAsync();
        var cancelA = servers.A.Services.GetRequiredService<CancelOrders>();
        var cancelB = servers.B.Services.GetRequiredService<CancelOrders>();

        var results = await Task.WhenAll(
            Task.Run(() => cancelA.RunAsync(new CancelOrdersRequest(numbers, CancelReason.CustomerRequest, "server a", DeleteLabels: true), DemoStaff.Staff.AsActor())),
            Task.Run(() => cancelB.RunAsync(new CancelOrdersRequest(numbers, CancelReason.DuplicateOrder, "server b", DeleteLabels: true), DemoStaff.Manager.AsActor())));

        results.Sum(r => r.DoneCount).Should().Be(numbers.Count, "each order is cancelled by exactly one of the servers");
        results.SelectMany(r => r.Orders).Count(o => o.Kind == OutcomeKind.Skipped && o.Message == "already cancelled")
            .Should().Be(numbers.Count, "the other server reports each order as already cancelled");
        await using var db = servers.Database.CreateDbContext();
        var events = await db.OrderEvents.AsNoTracking().Where(e => numbers.Contains(e.OrderNumber) && e.Type == OrderEventType.Cancelled).ToListAsync();
        events.GroupBy(e => e.OrderNumber).Should().HaveCount(numbers.Count).And.OnlyContain(g => g.Count() == 1);
        var units = await db.OrderLines.AsNoTracking().Where(l => numbers.Contains(l.OrderNumber)).SumAsync(l => l.Quantity);
        (committedBefore - await CommittedAsync()).Should().Be(units, "open orders release their committed units once");
    }

    [Fact]
    public Task A_cancel_on_one_server_shows_on_the_other_servers_cancelled_tab_without_reloading() =>
        browser.RunAsync(servers.A, output, async session =>
        {
            var number = (await servers.TakeOpenOrdersAsync(1)).Single();
            var atA = await SignInAsync(session, servers.A);
            // The same person, the same cookie, another server: B's Cancelled tab, searched for the order.
            var atB = await session.NewPageAsync(await atA.Context.StorageStateAsync());
            await atB.GotoAsync(new Uri(servers.B.BaseAddress, "/orders?tab=cancelled").ToString());
            await atB.WaitUntilInteractiveAsync();
            await atB.GetByLabel("Search orders").FillAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(atB.GetByText("No orders here.")).ToBeVisibleAsync();

            await atA.OpenOrdersTabAsync("awaiting");
            await atA.SearchOrderAsync(number);
            await atA.SelectOrderAsync(number);
            var dialog = await atA.OpenActionAsync(OrdersUi.CancelOrders);
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(atA.Snackbars()).ToContainTextAsync("1 cancelled");
            var clock = Stopwatch.StartNew();

            await Assertions.Expect(atB.OrderRow(number)).ToBeVisibleAsync(new() { Timeout = 5_000 });
            output.WriteLine($"Server B showed order {number} cancelled {clock.ElapsedMilliseconds} ms after server A's confirmation.");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "a change on one server refreshes the others within 2 s");
        });

    private static async Task<IPage> SignInAsync(BrowserSession session, AppServer server)
    {
        var page = await session.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/Account/Login?ReturnUrl=%2Forders").ToString());
        await page.GetByLabel("Email").FillAsync(DemoStaff.Staff.Email);
        await page.GetByLabel("Password").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/orders");
        await page.WaitUntilInteractiveAsync();
        return page;
    }

    private async Task<long> CommittedAsync()
    {
        await using var db = servers.Database.CreateDbContext();
        return await db.Inventory.AsNoTracking().SumAsync(l => (long)l.Committed);
    }
}

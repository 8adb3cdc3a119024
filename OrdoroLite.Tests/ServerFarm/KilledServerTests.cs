using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrdoroLite.App.Hosting.Benchmarks;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Reports;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.ServerFarm;

[CollectionDefinition(Name)]
public sealed class KilledServerCollection : ICollectionFixture<Browser>
{
    public const string Name = "A server killed mid-action";
}

/// <summary>
/// A server of a PostgreSQL farm killed (SIGKILL) while it cancels 10,000 orders as a background
/// job (docs/deployment.md, "When a server dies"): each order is untouched or fully cancelled,
/// stock equals the orders, the report equals a recomputation, and the other server keeps serving
/// and writing. The killed server is a real process (the app's own build), not one in this one.
/// </summary>
[Collection(KilledServerCollection.Name)]
public sealed class KilledServerTests(Browser browser, ITestOutputHelper output)
{
    private const string Channel = "KillTest";
    private const int Orders = 10_000;

    [Fact]
    public async Task Killing_a_server_during_a_10000_order_cancel_leaves_each_order_whole_and_the_other_server_serving()
    {
        await using var database = await TestDatabase.PostgresEmptyAsync();
        var survivor = new AppServer(new AppServerOptions(PostgresConnectionString: database.ConnectionString));
        await survivor.InitializeAsync();
        try
        {
            await KillDuringCancelAsync(database, survivor);
        }
        finally
        {
            await survivor.DisposeAsync();
        }
    }

    private async Task KillDuringCancelAsync(TestDatabase database, AppServer survivor)
    {
        await ImportOrdersAsync(survivor);
        var before = await LevelsAsync(database);
        using var victim = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
        });

        await browser.RunAsync(victim.BaseAddress, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            await page.OpenAsync($"/orders?tab=awaiting&channel={Channel}&size=25");
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all orders on this page" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Select all {Orders:N0} orders matching this view" }).ClickAsync();
            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Cancelling {Orders:N0} orders" })).ToBeVisibleAsync();

            // Killed as soon as the job's first batch is written, so the kill lands inside the action.
            var cancelledAtKill = await WaitForFirstCancellationsAsync(database);
            victim.Kill();
            output.WriteLine($"Killed the server after {cancelledAtKill:N0} of {Orders:N0} orders were cancelled.");
        });

        await using (var db = database.CreateDbContext())
        {
            var orders = await db.Orders.AsNoTracking().Include(o => o.Events).AsSplitQuery().Where(o => o.Channel == Channel).ToListAsync();
            var cancelled = orders.Where(o => o.Status == OrderStatus.Cancelled).ToList();
            cancelled.Count.Should().BeInRange(1, Orders - 1, "the kill landed in the middle of the action");
            cancelled.Should().OnlyContain(o => o.Cancellation != null && o.Events.Count(e => e.Type == OrderEventType.Cancelled) == 1,
                "a cancelled order is fully cancelled: its cancellation and one Cancelled event");
            orders.Except(cancelled).Should().OnlyContain(
                o => o.Status == OrderStatus.AwaitingFulfillment && o.Cancellation == null && o.Events.Count == 1,
                "an order the job did not reach is untouched");

            var after = await LevelsAsync(database);
            var released = await db.OrderLines.AsNoTracking()
                .Join(db.Orders.Where(o => o.Channel == Channel && o.Status == OrderStatus.Cancelled),
                    l => l.OrderNumber, o => o.Number, (l, o) => new { l.ProductId, o.WarehouseId, l.Quantity })
                .GroupBy(x => new { x.ProductId, x.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Units = g.Sum(x => x.Quantity) })
                .ToListAsync();
            after.Should().BeEquivalentTo(before.Select(level => level with
            {
                Committed = level.Committed - released.Where(r => r.ProductId == level.ProductId && r.WarehouseId == level.WarehouseId).Sum(r => r.Units),
            }), "stock moved exactly for the orders that were cancelled");
            (await CommittedOfOpenOrdersAsync(database)).Should().BeEquivalentTo(after.Where(l => l.Committed != 0).ToDictionary(l => (l.ProductId, l.WarehouseId), l => l.Committed),
                "Committed equals the units of the open orders");
        }

        await ReportSummaryReference.ShouldEqualRecomputationAsync(database);

        // The other server serves pages and writes, with nothing of the killed one's work in its way.
        using var visitor = survivor.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);
        (await visitor.GetAsync("/orders?tab=cancelled")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await visitor.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        int untouched;
        await using (var db = database.CreateDbContext())
        {
            untouched = await db.Orders.Where(o => o.Channel == Channel && o.Status == OrderStatus.AwaitingFulfillment).Select(o => o.Number).FirstAsync();
        }

        var outcome = await survivor.Services.GetRequiredService<CancelOrders>()
            .RunAsync(new CancelOrdersRequest([untouched], CancelReason.Other, "after the kill", DeleteLabels: false), DemoStaff.Staff.AsActor());
        outcome.DoneCount.Should().Be(1);
    }

    private static async Task ImportOrdersAsync(AppServer server)
    {
        string warehouse;
        string sku;
        using (var scope = server.Services.CreateScope())
        await using (var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Domain.Data.OrdoroDbContext>>().CreateDbContext())
        {
            warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Name).FirstAsync();
            sku = await db.Products.Where(p => !p.IsDropshipped).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
        }

        var csv = new StringBuilder("channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price\n");
        for (var i = 1; i <= Orders; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Channel},KT-{i:D5},2026-11-20T10:00:00Z,Kim Tester {i},kim{i}@example.com,1 Elm St,Portland,OR,97201,US,\"{warehouse}\",{sku},{1 + (i % 3)},9.99\n");
        }

        var summary = await server.Services.GetRequiredService<ImportOrders>()
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "kill-test.csv", DemoStaff.Manager.AsActor());
        summary.Imported.Should().Be(Orders, string.Join("; ", summary.Problems.Select(p => p.Message)));
    }

    private static async Task<int> WaitForFirstCancellationsAsync(TestDatabase database)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var db = database.CreateDbContext();
            var cancelled = await db.Orders.CountAsync(o => o.Channel == Channel && o.Status == OrderStatus.Cancelled);
            if (cancelled > 0)
            {
                return cancelled;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The job cancelled nothing within 60 s.");
    }

    private static async Task<List<Level>> LevelsAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Inventory.AsNoTracking().OrderBy(l => l.ProductId).ThenBy(l => l.WarehouseId)
            .Select(l => new Level(l.ProductId, l.WarehouseId, l.PhysicalOnHand, l.Committed)).ToListAsync();
    }

    private static async Task<Dictionary<(int, int), int>> CommittedOfOpenOrdersAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var open = await db.OrderLines.AsNoTracking()
            .Join(db.Orders.Where(o => o.Status == OrderStatus.AwaitingFulfillment || o.Status == OrderStatus.DropshipmentRequested),
                l => l.OrderNumber, o => o.Number, (l, o) => new { l.ProductId, o.WarehouseId, l.Quantity })
            .GroupBy(x => new { x.ProductId, x.WarehouseId })
            .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Units = g.Sum(x => x.Quantity) })
            .ToListAsync();
        return open.Where(o => o.Units != 0).ToDictionary(o => (o.ProductId, o.WarehouseId), o => o.Units);
    }

    private sealed record Level(int ProductId, int WarehouseId, int PhysicalOnHand, int Committed);
}

using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// Issue 17 in Debian's Chromium against the real app (docs/channels.md): the Cancel dialog's two
/// channel options, and both lists of Needs attention with their one-click actions.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChannelsBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    /// <summary>A channel that only this test class uses; the app's sandbox is told it is down.</summary>
    private const string UnreachableChannel = "Unreachable Shop";

    private static readonly Actor ScheduledImport = Actor.System("Scheduled import");

    [Fact]
    public Task Cancel_dialog_cancels_on_the_sales_channel_by_default_notifies_only_when_asked_and_a_manager_retries_one_that_keeps_failing() =>
        browser.RunAsync(app, output, async session =>
        {
            app.Services.GetRequiredService<SandboxSalesChannelOptions>().DownChannels = UnreachableChannel;
            var number = await ImportOpenOrderAsync(UnreachableChannel);
            var staff = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            await staff.OpenOrderAsync(number);

            var dialog = await staff.OpenActionAsync(OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByLabel("Also cancel on the sales channel")).ToBeCheckedAsync();
            await Assertions.Expect(dialog.GetByLabel("Notify the customer")).Not.ToBeCheckedAsync();
            await dialog.GetByLabel("Notify the customer").CheckAsync();
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();

            var requested = staff.TimelineEntries("Cancellation on the sales channel requested");
            await Assertions.Expect(requested).ToHaveCountAsync(1);
            await Assertions.Expect(requested).ToContainTextAsync($"To be cancelled on {UnreachableChannel} too");
            await Assertions.Expect(requested).ToContainTextAsync("customer to be notified");

            // The channel is down: the worker's retries would take minutes to reach the Needs attention
            // threshold, so its failures are recorded here as the worker records them (the pipeline
            // tests prove the worker gets there), the next try an hour away.
            await RecordFailuresAsync(number, ChannelCancellation.FailuresBeforeAttention);

            await staff.OpenAsync("/needs-attention");
            var staffRow = FailingRow(staff, number);
            await Assertions.Expect(staffRow).ToContainTextAsync(UnreachableChannel);
            await Assertions.Expect(staffRow).ToContainTextAsync("The sales channel is unavailable (503).");
            await Assertions.Expect(RetryButton(staff, number)).ToHaveCountAsync(0);

            var manager = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/needs-attention");
            await Assertions.Expect(FailingRow(manager, number)).ToBeVisibleAsync();
            await RetryButton(manager, number).ClickAsync();

            await Assertions.Expect(manager.Snackbars()).ToContainTextAsync($"The cancellation of order {number} on {UnreachableChannel} will be tried again now.");
            await Assertions.Expect(FailingRow(manager, number)).ToHaveCountAsync(0);
            await manager.OpenOrderAsync(number);
            await Assertions.Expect(manager.TimelineEntries("Channel cancellation still retrying")
                .Filter(new() { HasText = "Retry asked for by a manager" })).ToContainTextAsync($"by {DemoStaff.Manager.DisplayName}");
        });

    [Fact]
    public Task Cancel_dialog_with_also_on_the_channel_unchecked_writes_no_channel_request() =>
        browser.RunAsync(app, output, async session =>
        {
            var order = await app.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            await page.OpenOrderAsync(order.Number);

            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await dialog.GetByLabel("Also cancel on the sales channel").UncheckAsync();
            await Assertions.Expect(dialog.GetByLabel("Notify the customer")).ToBeDisabledAsync();
            await Assertions.Expect(dialog.GetByTestId("channel-note")).ToHaveTextAsync("The sales channels keep showing these orders open.");
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();

            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToHaveCountAsync(1);
            await Assertions.Expect(page.TimelineEntries("Cancellation on the sales channel requested")).ToHaveCountAsync(0);
            await using var db = await Contexts.CreateDbContextAsync();
            (await db.ChannelCancellations.CountAsync(c => c.OrderNumber == order.Number)).Should().Be(0);
        });

    [Fact]
    public Task A_shipped_order_the_channel_cancelled_is_listed_as_needing_attention_and_one_click_deletes_its_label_and_requests_the_refund() =>
        browser.RunAsync(app, output, async session =>
        {
            // A label whose deletion asks for a refund (a scanned one's is refused at once, docs/refunds.md).
            var order = await app.ClaimOneAsync(OrderFinder.ShippedWithRefundableLabel);
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var before = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);
            var summary = await ImportCancelledRowAsync(order.Number);
            summary.CancelledOnChannelLabelKept.Should().Be(1, string.Join(" / ", summary.Lines()));

            await page.OpenAsync("/needs-attention");
            var row = KeptRow(page, order.Number);
            await Assertions.Expect(row).ToContainTextAsync(order.ActiveTracking!);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Delete label of order {order.Number}", Exact = true }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete Label(s)" });
            await Assertions.Expect(dialog).ToContainTextAsync("the order stays cancelled");
            await dialog.GetByLabel("Comment").FillAsync("Parcel stopped at the dock");
            await dialog.ConfirmButton("Delete Label(s)").ClickAsync();

            await Assertions.Expect(page.Snackbars()).ToContainTextAsync($"Order {order.Number}: label deleted, refund requested, units back on the shelf.");
            await Assertions.Expect(KeptRow(page, order.Number)).ToHaveCountAsync(0);
            await page.OpenOrderAsync(order.Number);
            await Assertions.Expect(page.TimelineEntries("Cancelled")).ToContainTextAsync("Cancelled on");
            await Assertions.Expect(page.TimelineEntries("Label deleted")).ToHaveCountAsync(1);
            await Assertions.Expect(page.TimelineEntries("Refund requested")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".label-card").Filter(new() { HasText = order.ActiveTracking! })).ToContainTextAsync("Deleted");
            var after = await page.ReadStockAsync(order.Line.Sku, order.Warehouse);
            after.Should().Be(before with { PhysicalOnHand = before.PhysicalOnHand + order.Line.Quantity }, "the units came back to the shelf");
        });

    private IDbContextFactory<OrdoroDbContext> Contexts => app.Services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();

    // MudTable puts its aria-label on the wrapping div, not on the table element.
    private static ILocator FailingRow(IPage page, int number) =>
        page.Locator("[aria-label='Channel cancellations that keep failing'] tbody tr").Filter(new() { Has = OrderLink(page, number) });

    private static ILocator KeptRow(IPage page, int number) =>
        page.Locator("[aria-label='Cancelled on the channel, label still active'] tbody tr").Filter(new() { Has = OrderLink(page, number) });

    private static ILocator OrderLink(IPage page, int number) => page.Locator($"a[href='/orders/{number}']");

    private static ILocator RetryButton(IPage page, int number) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Retry channel cancellation of order {number}", Exact = true });

    /// <summary>Imports one new open order on <paramref name="channel"/>, in the demo data's first warehouse and product.</summary>
    private async Task<int> ImportOpenOrderAsync(string channel)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Name).FirstAsync();
        var sku = await db.Products.OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
        var channelOrderId = $"UNR-{Guid.NewGuid():N}";
        var summary = await ImportAsync(Row(channel, channelOrderId, DateTimeOffset.UtcNow.AddHours(-1), warehouse, sku, status: "open"));
        summary.Imported.Should().Be(1, string.Join(" / ", summary.Lines()));
        return await db.Orders.Where(o => o.ChannelOrderId == channelOrderId).Select(o => o.Number).SingleAsync();
    }

    /// <summary>Imports the channel's cancellation of an order that exists (a "cancelled" row naming it).</summary>
    private async Task<ImportSummary> ImportCancelledRowAsync(int number)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number);
        var warehouse = await db.Warehouses.Where(w => w.Id == order.WarehouseId).Select(w => w.Name).SingleAsync();
        var summary = await ImportAsync(Row(order.Channel, order.ChannelOrderId, order.OrderDate, warehouse, order.Lines.First().Sku, "cancelled"));
        summary.Succeeded.Should().BeTrue(string.Join(" / ", summary.Lines()));
        return summary;
    }

    private async Task<ImportSummary> ImportAsync(string row)
    {
        var csv = string.Join(",", OrderCsv.Columns) + ",status\n" + row + "\n";
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await app.Services.GetRequiredService<ImportOrders>().RunAsync(stream, "channel-browser-test.csv", ScheduledImport);
    }

    /// <summary>One row in <see cref="OrderCsv.Columns"/>' order, then the status.</summary>
    private static string Row(string channel, string channelOrderId, DateTimeOffset orderDate, string warehouse, string sku, string status)
    {
        var values = OrderCsv.Columns.Select(column => column switch
        {
            "channel" => channel,
            "channel_order_id" => channelOrderId,
            "order_date" => orderDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "customer_name" => "Browser Buyer",
            "ship_from_warehouse" => warehouse,
            "sku" => sku,
            "quantity" => "1",
            "unit_price" => "1.00",
            _ => "",
        });
        return string.Join(",", values.Select(v => v.Contains(',') ? $"\"{v}\"" : v)) + "," + status;
    }

    /// <summary>Records <paramref name="failures"/> transient failures of the order's channel cancellation, as the worker does.</summary>
    private Task RecordFailuresAsync(int number, int failures) =>
        OrdoroStore.WriteAsync(Contexts, async (db, ct) =>
        {
            var order = (await OrderBatch.LoadAsync(db, [number], ct)).Single();
            var request = order.ChannelCancellations.Single();
            for (var i = 0; i < failures; i++)
            {
                order.RecordChannelFailure(request, "The sales channel is unavailable (503).", ChannelCancellationProcessor.Worker,
                    DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
            }

            await OrdoroStore.SaveAsync(db, [order], null, ct);
            return true;
        }, CancellationToken.None);
}

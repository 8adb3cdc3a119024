using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// The Cancel Order(s) dialog's refund warning in Debian's Chromium against the real app and the
/// demo data (docs/refunds.md, "Before deleting: the dialogs' warning").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefundWarningBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task Cancel_dialog_warns_before_confirming_that_usps_will_refuse_the_refund_of_a_label_it_scanned() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password);
            var order = await app.ClaimOneAsync(orders => OrderFinder.ShippedWithActiveLabel(orders)
                .Where(o => o.Labels.Any(l => l.State == LabelState.Active && l.Carrier == "USPS" && l.ScannedAt != null)));
            var cost = Dollars(await LabelCostAsync(order.Number));

            var dialog = await page.OpenActionForOrderAsync("shipped", order.Number, OrdersUi.CancelOrders);
            var warning = dialog.GetByTestId("refund-warning");

            await Assertions.Expect(warning).ToContainTextAsync("If its label is deleted:");
            await Assertions.Expect(warning.Locator("li")).ToHaveTextAsync([$"1 label was scanned by USPS: USPS will refuse its refund ({cost})."]);
            await Assertions.Expect(dialog.GetByTestId("refund-total")).ToHaveTextAsync($"Postage expected back: $0.00 of {cost}.");
            await dialog.GetByLabel(OrdersUi.DeleteLabelBox).CheckAsync();
            await Assertions.Expect(warning).ToContainTextAsync("Its label will be deleted:");
        });

    private async Task<long> LabelCostAsync(int orderNumber)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Labels.Where(l => l.OrderNumber == orderNumber && l.State == LabelState.Active).Select(l => l.CostCents).SingleAsync();
    }

    private static string Dollars(long cents) => (cents / 100m).ToString("C", CultureInfo.GetCultureInfo("en-US"));
}

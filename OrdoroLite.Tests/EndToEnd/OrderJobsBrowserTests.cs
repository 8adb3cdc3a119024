using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>An app and a database of their own: the job below acts on every demo order.</summary>
[CollectionDefinition(Name)]
public sealed class OwnAppBrowserCollection : ICollectionFixture<AppServer>, ICollectionFixture<Browser>
{
    public const string Name = "Browser, own app";
}

/// <summary>
/// "Every order matching this view" → a background job with a progress bar → its per-order outcome
/// as a CSV file, in Debian's Chromium, on an app of its own (it cancels every demo order).
/// </summary>
[Collection(OwnAppBrowserCollection.Name)]
public sealed class OrderJobsBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task Cancelling_every_order_of_a_view_runs_as_a_job_that_shows_its_progress_after_leaving_the_page_and_ends_with_a_csv_of_each_order() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders?tab=all&size=25", Screens.Laptop);
            await Assertions.Expect(page.OrderLinks()).ToHaveCountAsync(25);
            var cancelledBefore = int.Parse(Regex.Match(await page.GetByRole(AriaRole.Tab, new() { Name = "Cancelled" }).InnerTextAsync(), "\\(([0-9,]+)\\)").Groups[1].Value.Replace(",", ""));
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all orders on this page" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Select all 2,000 orders matching this view" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("2,000 selected");

            var dialog = await page.OpenActionAsync(OrdersUi.CancelOrders);
            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToContainTextAsync(
                $"{2_000 - cancelledBefore:N0} orders will be cancelled. {cancelledBefore:N0} will be skipped: already cancelled.");
            await Assertions.Expect(dialog.GetByTestId("cancel-count")).ToContainTextAsync("It runs in the background, 2,000 orders at a time");
            await dialog.GetByLabel("Comment").FillAsync("Closing the shop");
            await dialog.ConfirmButton(OrdersUi.CancelOrders).ClickAsync();

            var job = page.GetByRole(AriaRole.Region, new() { Name = "Cancelling 2,000 orders" });
            await Assertions.Expect(job).ToBeVisibleAsync();
            await Assertions.Expect(job.GetByRole(AriaRole.Progressbar, new() { Name = "Progress: Cancelling 2,000 orders" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("0 selected");
            await page.GetByRole(AriaRole.Link, new() { Name = "Inventory" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inventory" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();

            await Assertions.Expect(job).ToBeVisibleAsync();
            await Assertions.Expect(job.GetByTestId("job-state")).ToHaveTextAsync("Finished.", new() { Timeout = 90_000 });
            await Assertions.Expect(job.GetByTestId("job-counts")).ToHaveTextAsync($"{2_000 - cancelledBefore:N0} done · {cancelledBefore:N0} skipped · 0 not found · 0 left");
            await Assertions.Expect(job.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Cancelled (2,000)" })).ToBeVisibleAsync();
            await page.SaveScreenshotAsync("orders-job-finished-1280x800.png");

            var download = await page.RunAndWaitForDownloadAsync(() =>
                job.GetByRole(AriaRole.Link, new() { Name = "Download the outcome per order (CSV): Cancelling 2,000 orders" }).ClickAsync());
            var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
            bytes.Take(3).Should().Equal([0xEF, 0xBB, 0xBF], "a byte-order mark tells spreadsheets the file is UTF-8");
            var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            lines[0].Should().Be("Order,Outcome,Message,Stock warnings");
            lines.Should().HaveCount(2_001);
            lines.Count(l => l.Contains(",done,cancelled,")).Should().Be(2_000 - cancelledBefore);
            lines.Count(l => l.Contains(",skipped,already cancelled,")).Should().Be(cancelledBefore);
            download.SuggestedFilename.Should().MatchRegex("^cancel-outcome-\\d{8}-\\d{6}\\.csv$");

            // The file is the owner's (or a manager's): another person of the staff gets nothing.
            var path = await job.GetByRole(AriaRole.Link, new() { Name = "Download the outcome per order (CSV): Cancelling 2,000 orders" }).GetAttributeAsync("href");
            using var other = app.NewVisitor();
            await other.SignInAsync(await app.AddPersonAsync(Roles.Staff), AppServer.TestPassword);
            (await other.GetAsync(path!)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            using var manager = app.NewVisitor();
            await manager.SignInAsync(DemoStaff.Manager.Email, DemoStaff.Password);
            (await manager.GetAsync(path!)).StatusCode.Should().Be(HttpStatusCode.OK);
            using var stranger = app.NewVisitor();
            (await stranger.GetAsync(path!)).StatusCode.Should().Be(HttpStatusCode.Redirect, "signed-out visitors are sent to sign in");
        });
}

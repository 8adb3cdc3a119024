using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>What a browser fetches to show a page, in Debian's Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageAssetsBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task The_sign_in_page_and_the_app_pages_load_without_a_missing_file_not_even_the_icon() => browser.RunAsync(app, output, async session =>
    {
        var failed = new List<string>();
        void Watch(IPage page) => page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failed)
                {
                    failed.Add($"{response.Status} {response.Url}");
                }
            }
        };
        var signedOut = await session.NewPageAsync();
        Watch(signedOut);
        await signedOut.GotoAsync("/Account/Login");
        await Assertions.Expect(signedOut.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(signedOut.Locator("link[rel=icon]")).ToHaveCountAsync(1);

        var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/inventory");
        Watch(page);
        await page.OpenAsync("/orders");
        await Assertions.Expect(page.OrderLinks().First).ToBeVisibleAsync();
        // Headless Chromium fetches no icon by itself (a person's browser asks for /favicon.ico on
        // every page unless the page names one): the page must name it, and it must be there.
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var fetched = await page.APIRequest.GetAsync(icon!);

        fetched.Status.Should().Be(200);
        fetched.Headers["content-type"].Should().StartWith("image/svg+xml");
        lock (failed)
        {
            failed.Should().BeEmpty();
        }
    });
}

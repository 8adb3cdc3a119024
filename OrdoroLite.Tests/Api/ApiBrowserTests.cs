using System.Net;
using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.Api;

/// <summary>The API keys page and the API reference in a real browser (Debian's Chromium), under the site's Content-Security-Policy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task A_manager_creates_a_key_copies_it_once_a_program_uses_it_and_after_revoking_it_is_refused() => browser.RunAsync(app, output, async session =>
    {
        var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/settings/api-keys");
        var name = $"Sync {Guid.NewGuid():N}"[..12];

        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create API key" });
        await Assertions.Expect(create).ToBeEnabledAsync();
        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var shown = page.GetByRole(AriaRole.Textbox, new() { Name = "New API key", Exact = true });
        await Assertions.Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^olk_"));
        var token = await shown.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        using var program = new ApiClient(app.BaseAddress, token);
        var before = await program.GetAsync("/api/v1/orders?limit=1");
        (await page.ContentAsync()).Should().NotContain(token);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        var after = await program.GetAsync("/api/v1/orders?limit=1");

        before.Status.Should().Be(HttpStatusCode.OK);
        after.Status.Should().Be(HttpStatusCode.Unauthorized);
    });

    [Fact]
    public Task Staff_read_the_api_reference_with_every_endpoint_under_the_sites_content_security_policy() => browser.RunAsync(app, output, async session =>
    {
        var page = await session.SignedInPageAsync(DemoStaff.Staff.Email, DemoStaff.Password, "/orders");

        await page.GotoAsync("/scalar/");

        await Assertions.Expect(page.GetByText("OrdoroLite API").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Cancel many orders (at most 10,000)").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
    });
}

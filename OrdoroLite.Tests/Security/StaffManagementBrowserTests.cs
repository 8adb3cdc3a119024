using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.Security;

/// <summary>The staff page and the user menu in a real browser (Debian's Chromium).</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffManagementBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task Manager_adds_and_deactivates_a_person_who_then_cannot_sign_in() => browser.RunAsync(app, output, async session =>
    {
        var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/staff");
        var email = $"nina-{Guid.NewGuid():N}@test.local";

        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add staff" });
        await Assertions.Expect(add).ToBeEnabledAsync();
        await add.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Nina Newhire");
        await dialog.GetByLabel("Email").FillAsync(email);
        await dialog.GetByLabel("Initial password").FillAsync(AppServer.TestPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate Nina Newhire" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Deactivated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppServer.TestPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is deactivated. Ask a manager.");
    });
}

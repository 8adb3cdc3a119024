using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>Adding a person at Staff in Debian's Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AddStaffBrowserTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task A_refused_password_keeps_the_dialog_with_what_was_typed_and_says_why() => browser.RunAsync(app, output, async session =>
    {
        var page = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/staff");
        var email = $"wren-{Guid.NewGuid():N}@test.local";
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add staff" });
        await Assertions.Expect(add).ToBeEnabledAsync();
        await add.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add staff" });
        await dialog.GetByLabel("Name").FillAsync("Wren Weakpass");
        await dialog.GetByLabel("Email").FillAsync(email);
        await dialog.GetByLabel("Initial password").FillAsync("password12");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("add-staff-error")).ToContainTextAsync("Passwords must have at least one");
        await Assertions.Expect(dialog.GetByLabel("Name")).ToHaveValueAsync("Wren Weakpass");
        await Assertions.Expect(dialog.GetByLabel("Email")).ToHaveValueAsync(email);
        await dialog.GetByLabel("Initial password").FillAsync(AppServer.TestPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Active");
    });
}

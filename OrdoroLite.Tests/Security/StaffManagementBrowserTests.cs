using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.Tests.Security;

/// <summary>The staff page and the user menu in a real browser (Debian's Chromium).</summary>
[Collection(AppServerCollection.Name)]
public sealed class StaffManagementBrowserTests(AppServer app) : IAsyncLifetime
{
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("ORDOROLITE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: run `sudo apt-get install -y chromium`.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task Manager_adds_and_deactivates_a_person_who_then_cannot_sign_in()
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = app.BaseAddress.ToString() });
        var email = $"nina-{Guid.NewGuid():N}@test.local";
        await page.GotoAsync("/staff");
        await SignInAsync(page, DemoStaff.Manager.Email, DemoStaff.Password);
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/staff").ToString());

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
        await SignInAsync(page, email, AppServer.TestPassword);

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is deactivated. Ask a manager.");
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}

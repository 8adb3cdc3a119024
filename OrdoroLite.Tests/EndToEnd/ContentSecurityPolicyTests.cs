using Microsoft.Playwright;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.EndToEnd;

/// <summary>
/// The app in Chromium under its Content-Security-Policy: the policy is really enforced, and the
/// Blazor circuit and MudBlazor's menus and dialogs work under it. (Every other browser test also
/// fails on any CSP violation: <see cref="Browser.RunAsync"/>.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(AppServer app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public Task The_browser_enforces_the_policy_and_the_live_orders_page_menus_and_dialogs_work_under_it() =>
        browser.RunAsync(app, output, async session =>
        {
            var page = await session.NewPageAsync();
            var login = await page.GotoAsync("/Account/Login");
            (await login!.HeaderValueAsync("content-security-policy")).Should().Contain("frame-ancestors 'none'").And.Contain("script-src 'self'");

            // An injected inline script is refused: the policy is on, and a violation would be seen.
            await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
            (await page.EvaluateAsync<bool>("() => window.injected === undefined")).Should().BeTrue();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            session.CspViolations.Should().ContainSingle().Which.Should().Contain("script-src");
            session.ClearCspViolations();

            var orders = await session.SignedInPageAsync(DemoStaff.Manager.Email, DemoStaff.Password, "/orders");
            await orders.GetByRole(AriaRole.Button, new() { Name = "Import Orders" }).ClickAsync();
            var dialog = orders.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Go Back" }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await orders.OpenAsync("/reports/cancellations");
            await orders.OpenAsync("/inventory");
        });
}

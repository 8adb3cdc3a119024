using System.Globalization;
using Microsoft.Playwright;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>What a part of the bench found about the server's memory with idle tabs open.</summary>
/// <param name="RssBeforeMb">The server's resident set after a forced full collection, with the warm-up tabs open.</param>
/// <param name="RssAfterMb">The same with <paramref name="Tabs"/> more idle tabs open.</param>
/// <param name="HeapBeforeMb">The server's managed heap; null: the bench cannot read another process's heap, only its RSS.</param>
public sealed record MemoryResult(
    int Tabs, int RowsPerTab, double RssBeforeMb, double RssAfterMb, double? HeapBeforeMb, double? HeapAfterMb,
    double TargetMbPerTab, string Note)
{
    /// <summary>What each idle tab added to the server's RSS.</summary>
    public double RssPerTabMb => (RssAfterMb - RssBeforeMb) / Tabs;

    /// <summary>Whether each tab stayed within the target (issue 16: 1 MB).</summary>
    public bool Met => RssPerTabMb <= TargetMbPerTab;
}

/// <summary>
/// Idle Orders tabs (issue 16: at most 1 MB of server memory each): the app's own build runs as a second
/// process on the bench's copy of the database, 30 signed-in headless Chromium tabs open its Orders tab and
/// stay idle, and the server's RSS is read after forced full garbage collections before and after.
/// A separate process, so the bench's own objects and the browser driver are not counted; the collections
/// are forced through the runtime's diagnostics port (as dotnet-gcdump does), which gives no heap size, so
/// RSS is the measure.
/// </summary>
public sealed class MemoryBenchmark(string provider, string connectionString, IReadOnlyDictionary<string, string> serverSettings, string chromium)
{
    /// <summary>Idle tabs measured (issue 16).</summary>
    public const int Tabs = 30;

    private const double TargetMb = 1.0;
    private const string OrdersPath = "/orders?tab=awaiting";

    // Two tabs open before the first reading: what any first visitor warms (code, caches, pools) is not a tab's cost.
    private const int WarmTabs = 2;

    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    /// <summary>Runs the part; the server process is stopped at the end whatever happens.</summary>
    public async Task<MemoryResult> RunAsync()
    {
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"The memory part needs Chromium at {chromium} (apt-get install -y chromium, or set ORDOROLITE_CHROMIUM).");
        }

        await using (var services = new ServiceCollection().AddLogging().AddOrdoroDomain(connectionString, provider).AddStaffSignIn().BuildServiceProvider())
        {
            await BenchAccounts.EnsureDemoAccountsAsync(services);
        }

        using var server = await ServerProcess.StartAsync(serverSettings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumFlags });

        // One browser context (one sign-in cookie); every page in it is a tab with its own circuit.
        var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(OrdersPath)}");
        await signIn.GetByLabel("Email").FillAsync(DemoStaff.Staff.Email);
        await signIn.GetByLabel("Password").FillAsync(DemoStaff.Password);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await signIn.WaitForURLAsync(url => new Uri(url).PathAndQuery == OrdersPath);
        await WaitIdleOrdersTabAsync(signIn);
        for (var i = 1; i < WarmTabs; i++)
        {
            await OpenOrdersTabAsync(context);
        }

        var before = server.RssAfterFullCollectionMb();
        var rows = 0;
        for (var i = 0; i < Tabs; i++)
        {
            rows = await OpenOrdersTabAsync(context);
        }

        // Idle: nothing moves for a few seconds, then the reading.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = server.RssAfterFullCollectionMb();
        return new MemoryResult(Tabs, rows, before, after, null, null, TargetMb,
            $"server RSS (VmRSS of the app's own Release build, a second process, ASPNETCORE_ENVIRONMENT=Development for its static files) " +
            $"after forced full collections; its managed heap cannot be read from the bench process. {WarmTabs} warm-up tabs open before the first reading.");
    }

    private static async Task<int> OpenOrdersTabAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(OrdersPath);
        return await WaitIdleOrdersTabAsync(page);
    }

    /// <summary>Waits until the tab's circuit is up and its rows are shown; returns how many.</summary>
    private static async Task<int> WaitIdleOrdersTabAsync(IPage page)
    {
        await page.Locator("[data-testid=interactive]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        var links = page.GetByTestId("orders-grid").Locator("td[data-label='Order'] a");
        await links.First.WaitForAsync(new() { Timeout = 120_000 });
        return await links.CountAsync();
    }
}

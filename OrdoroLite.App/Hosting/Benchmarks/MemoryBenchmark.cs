using System.Globalization;
using Microsoft.Playwright;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>What a part of the bench found about the server's memory with idle tabs open (RSS in MB, after forced full collections).</summary>
/// <param name="RssBeforeMb">With the warm-up tabs open.</param>
/// <param name="RssLiveMb">A few seconds after the first <paramref name="Tabs"/> tabs opened, their circuits still live.</param>
/// <param name="RssIdleMb">Once every tab opened so far has paused: after the first <paramref name="Tabs"/>, then after each further <paramref name="Tabs"/>.</param>
/// <param name="IdlePauseSeconds">The app's <c>Circuits:IdlePauseSeconds</c> (its default unless the bench's settings say otherwise).</param>
/// <param name="ResumedRows">Rows one paused tab showed again after a pointer move (0: it did not come back).</param>
public sealed record MemoryResult(
    int Tabs, int RowsPerTab, double RssBeforeMb, double RssLiveMb, IReadOnlyList<double> RssIdleMb, int IdlePauseSeconds,
    int ResumedRows, double TargetMbPerTab, string Note)
{
    /// <summary>What each of the first tabs added while its circuit was live.</summary>
    public double RssPerLiveTabMb => (RssLiveMb - RssBeforeMb) / Tabs;

    /// <summary>
    /// What each of the first tabs added once idle. This still holds what the server kept from serving
    /// them live — the GC's committed but free memory, SQLite's page caches, code compiled again for a
    /// busier server — which does not grow with more idle tabs.
    /// </summary>
    public double RssPerFirstIdleTabMb => (RssIdleMb[0] - RssBeforeMb) / Tabs;

    /// <summary>What each further idle tab added (all rounds after the first): the figure held to the target.</summary>
    public double RssPerTabMb => (RssIdleMb[^1] - RssIdleMb[0]) / (Tabs * (RssIdleMb.Count - 1));

    /// <summary>Whether each idle tab stayed within the target (issue 16: 1 MB) and a paused tab came back.</summary>
    public bool Met => RssPerTabMb <= TargetMbPerTab && ResumedRows > 0;
}

/// <summary>
/// Idle Orders tabs (issue 16: at most 1 MB of server memory each): the app's own build runs as a second
/// process on the bench's copy of the database, 30 signed-in headless Chromium tabs open its Orders tab and
/// stay idle, and the server's RSS is read after forced full garbage collections before, a few seconds after
/// (circuits live), once every tab has paused its idle circuit (the app's own idle pause, ReconnectModal.razor.js),
/// and again after each of two further rounds of 30 tabs; then one tab is woken by a pointer move and must show its
/// rows again.
/// A separate process, so the bench's own objects and the browser driver are not counted; the collections
/// are forced through the runtime's diagnostics port (as dotnet-gcdump does), which gives no heap size, so
/// RSS is the measure.
/// </summary>
public sealed class MemoryBenchmark(string provider, string connectionString, IReadOnlyDictionary<string, string> serverSettings, string chromium)
{
    /// <summary>Idle tabs measured (issue 16), per round.</summary>
    public const int Tabs = 30;

    // The first round's tabs warm the server to serving that many at once; the rounds after it measure.
    private const int Rounds = 3;

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
        var rows = await OpenOrdersTabsAsync(context, Tabs);

        // Live: nothing moves for a few seconds, then the first reading.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var live = server.RssAfterFullCollectionMb();

        // Idle: every tab left alone until it has paused (the app's setting, not the bench's).
        var idleSeconds = int.Parse(
            await signIn.Locator("#components-reconnect-modal").GetAttributeAsync("data-idle-pause-seconds") ?? "0", CultureInfo.InvariantCulture);
        if (idleSeconds == 0)
        {
            throw new InvalidOperationException("The app under the bench does not pause idle tabs (Circuits:IdlePauseSeconds is 0).");
        }

        await WaitAllPausedAsync(context, idleSeconds);
        List<double> idle = [server.RssAfterFullCollectionMb()];

        // As many again, twice, on a server that has now served that many at once: what more idle tabs cost.
        for (var round = 1; round < Rounds; round++)
        {
            await OpenOrdersTabsAsync(context, Tabs);
            await WaitAllPausedAsync(context, idleSeconds);
            idle.Add(server.RssAfterFullCollectionMb());
        }

        // A paused tab is still a working tab: a pointer move brings its rows back on a new circuit.
        var woken = context.Pages[^1];
        await woken.Mouse.MoveAsync(300, 300);
        await woken.Locator("html[data-circuit=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        var resumedRows = await WaitIdleOrdersTabAsync(woken);
        return new MemoryResult(Tabs, rows, before, live, idle, idleSeconds, resumedRows, TargetMb,
            $"server RSS (VmRSS of the app's own Release build, a second process, ASPNETCORE_ENVIRONMENT=Development for its static files) " +
            $"after forced full collections; its managed heap cannot be read from the bench process. {WarmTabs} warm-up tabs open before the first reading " +
            $"(they pause too). Idle = each tab's circuit paused after {idleSeconds} s without input. Per idle tab = what the " +
            $"{Tabs * (Rounds - 1)} tabs after the first {Tabs} added once paused; the first {Tabs} are given beside it, live and idle.");
    }

    private static async Task<int> OpenOrdersTabsAsync(IBrowserContext context, int count)
    {
        var rows = 0;
        for (var i = 0; i < count; i++)
        {
            rows = await OpenOrdersTabAsync(context);
        }

        return rows;
    }

    private static async Task WaitAllPausedAsync(IBrowserContext context, int idleSeconds)
    {
        foreach (var tab in context.Pages)
        {
            // A locator, not a function: the app's Content-Security-Policy forbids evaluating strings.
            await tab.Locator("html[data-circuit=paused]").WaitForAsync(
                new() { State = WaitForSelectorState.Attached, Timeout = (idleSeconds + 120) * 1000 });
        }
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

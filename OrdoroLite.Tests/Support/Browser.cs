using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// One headless Debian Chromium for all browser tests. A missing Chromium fails every browser
/// test at once with the command that installs it: browser tests are never skipped.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ExecutableVariable = "ORDOROLITE_CHROMIUM";
    public const string DefaultExecutable = "/usr/bin/chromium";
    public const string InstallCommand = "sudo apt-get install -y chromium";

    /// <summary>The browser's time zone: not UTC, so the app's local-time display is exercised.</summary>
    public const string TimeZone = "Europe/Berlin";

    // Without the background-networking flags Chromium keeps dialing Google's hosts, which this
    // closed network refuses; --no-sandbox because tests and CI run as root.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly string _executablePath;
    private IPlaywright? _playwright;
    private IBrowser? _chromium;

    public Browser()
        : this(ExecutablePath)
    {
    }

    /// <summary>A browser at another path (the missing-Chromium test).</summary>
    internal Browser(string executablePath) => _executablePath = executablePath;

    /// <summary>Each person's cookies per app (base address and email) after their first sign-in through the form, so later tests skip the form.</summary>
    internal Dictionary<string, string> SignedInStates { get; } = [];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    /// <summary>Where a failed test leaves its screenshot and page HTML.</summary>
    public static string ArtifactsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");

    public IBrowser Chromium => _chromium ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var path = _executablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {path}, so the browser tests cannot run. Install it with: {InstallCommand} " +
                $"(or set {ExecutableVariable} to a Chromium executable).");
        }

        _playwright = await Playwright.CreateAsync();
        _chromium = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = Flags });
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>
    /// Runs one browser test: the pages it opens are closed afterwards, and when it fails each
    /// page's screenshot and HTML are saved and their paths written to the test output.
    /// </summary>
    public Task RunAsync(AppServer app, ITestOutputHelper output, Func<BrowserSession, Task> test,
        [CallerMemberName] string testName = "") =>
        RunAsync(app.BaseAddress, output, test, testName);

    /// <summary>Runs one browser test against a server at <paramref name="baseAddress"/> (e.g. one in another process).</summary>
    public async Task RunAsync(Uri baseAddress, ITestOutputHelper output, Func<BrowserSession, Task> test,
        [CallerMemberName] string testName = "")
    {
        await using var session = new BrowserSession(this, baseAddress);
        try
        {
            await test(session);

            // Every browser test also proves the app works under its Content-Security-Policy.
            session.CspViolations.Should().BeEmpty("Blazor and MudBlazor must run under the app's Content-Security-Policy");
        }
        catch
        {
            await session.SaveArtifactsAsync(testName, output);
            throw;
        }
    }
}

/// <summary>The pages of one test; each page is its own browser context (its own cookies).</summary>
public sealed class BrowserSession(Browser browser, Uri baseAddress) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _cspViolations = [];

    /// <summary>What Chromium reported as blocked by the Content-Security-Policy, on any page of this session.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_cspViolations)
            {
                return [.. _cspViolations];
            }
        }
    }

    /// <summary>Forgets the violations so far (a test that provokes one on purpose).</summary>
    public void ClearCspViolations()
    {
        lock (_cspViolations)
        {
            _cspViolations.Clear();
        }
    }

    /// <summary>A fresh signed-out page, like a new private window (1600×1000 unless <paramref name="viewport"/> says otherwise).</summary>
    public async Task<IPage> NewPageAsync(string? storageState = null, ViewportSize? viewport = null)
    {
        var context = await browser.Chromium.NewContextAsync(new()
        {
            StorageState = storageState,
            BaseURL = baseAddress.ToString(),
            TimezoneId = Browser.TimeZone,
            Locale = "en-US",
            ViewportSize = viewport ?? new() { Width = 1600, Height = 1000 },
        });
        context.SetDefaultTimeout(10_000);
        context.Console += (_, message) =>
        {
            // Chromium writes "Refused to … because it violates the following Content Security Policy directive …".
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_cspViolations)
                {
                    _cspViolations.Add(message.Text);
                }
            }
        };
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new page signed in as this person, showing <paramref name="path"/> once it is interactive. The first
    /// time per person it signs in through the form; later pages reuse that sign-in's cookies (faster).
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, string password, string path = "/orders", ViewportSize? viewport = null)
    {
        string? state;
        lock (browser.SignedInStates)
        {
            browser.SignedInStates.TryGetValue($"{baseAddress} {email}", out state);
        }

        if (state is not null)
        {
            var signedIn = await NewPageAsync(state, viewport);
            await signedIn.OpenAsync(path);
            return signedIn;
        }

        var page = await NewPageAsync(viewport: viewport);
        await page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(path)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        await page.WaitUntilInteractiveAsync();
        state = await page.Context.StorageStateAsync();
        lock (browser.SignedInStates)
        {
            browser.SignedInStates[$"{baseAddress} {email}"] = state;
        }

        return page;
    }

    internal async Task SaveArtifactsAsync(string testName, ITestOutputHelper output)
    {
        Directory.CreateDirectory(Browser.ArtifactsFolder);
        var pages = _contexts.SelectMany(c => c.Pages).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var file = Path.Combine(Browser.ArtifactsFolder, pages.Count == 1 ? testName : $"{testName}-{i + 1}");
            try
            {
                await pages[i].ScreenshotAsync(new() { Path = file + ".png", FullPage = true });
                await File.WriteAllTextAsync(file + ".html", await pages[i].ContentAsync());
                output.WriteLine($"Browser test failed: screenshot {file}.png, page HTML {file}.html (at {pages[i].Url})");
            }
            catch (PlaywrightException e)
            {
                output.WriteLine($"Browser test failed; could not save the page at {file}: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }
}

public static class PageExtensions
{
    /// <summary>
    /// Waits for the Blazor circuit: prerendered HTML arrives first, and a click before the
    /// circuit is live does nothing. MainLayout renders the marker only when interactive.
    /// </summary>
    public static Task WaitUntilInteractiveAsync(this IPage page) =>
        page.Locator("[data-testid=interactive]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Goes to a page of the app and waits until it can be clicked.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitUntilInteractiveAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServer>, ICollectionFixture<Browser>
{
    public const string Name = "Browser";
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api.Support;

/// <summary>
/// The real app on a loopback port (<see cref="AppServer"/>) set up for API tests: webhooks may go to
/// loopback (the listener a test starts), workers run often and retry soon, the sandbox carrier
/// approves refunds at once (UPS), and the rate limit is out of the way. Tests share it, each taking
/// its own orders (<see cref="OrderFinder"/>) and its own keys and webhooks.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    /// <summary>The settings every API test server runs with (others may add to them).</summary>
    public static Dictionary<string, string> Settings(string? databasePath = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:WorkerInterval"] = "00:00:00.100",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["Webhooks:MaxRetryDelay"] = "00:00:01",
            ["Webhooks:Lease"] = "00:00:05",
            ["Webhooks:CallTimeout"] = "00:00:04",
            ["Refunds:WorkerInterval"] = "00:00:00.200",
            ["Carriers:Sandbox:LabelCarrier"] = "UPS",
            ["Api:RateLimit:Burst"] = "100000",
            ["Api:RateLimit:Refill"] = "100000",
        };
        if (databasePath is not null)
        {
            settings["Database:Path"] = databasePath;
        }

        return settings;
    }

    public ApiServer()
        : this(new AppServerOptions(Settings: Settings()))
    {
    }

    internal ApiServer(AppServerOptions options) => App = new AppServer(options);

    public AppServer App { get; }

    public IServiceProvider Services => App.Services;

    public IDbContextFactory<OrdoroDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();

    /// <summary>A new key of the demo manager with these scopes (all when none are given).</summary>
    public async Task<NewApiKey> CreateKeyAsync(string name = "Test sync", params string[] scopes) =>
        await Services.GetRequiredService<ManageApiKeys>().CreateAsync(DemoStaff.Manager.AsActor(), name, scopes.Length == 0 ? ApiScopes.All : scopes);

    /// <summary>An API client with a new key (all scopes unless given).</summary>
    public async Task<ApiClient> ClientAsync(params string[] scopes) => new(App.BaseAddress, (await CreateKeyAsync("Test sync", scopes)).Token);

    /// <summary>Subscribes <paramref name="listener"/> to these events (all when none are given).</summary>
    public async Task<NewWebhook> SubscribeAsync(WebhookListener listener, params string[] events) =>
        await Services.GetRequiredService<ManageWebhooks>().SubscribeAsync(DemoStaff.Manager.AsActor(), listener.Url.AbsoluteUri,
            events.Length == 0 ? WebhookEvents.All : events);
}

[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServer>
{
    public const string Name = "API server";
}

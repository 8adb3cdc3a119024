using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// A bUnit test of an App page over a real SQLite database: the app's services (see
/// <see cref="AppServicesForComponents"/>), a warehouse "East", a browser time zone, and a signed-in
/// person when the test asks. Owns its BunitContext and disposes it asynchronously (STACK.md:
/// MudBlazor 9 services are only IAsyncDisposable).
/// </summary>
public abstract class AppComponentTest : IAsyncLifetime
{
    protected BunitContext Ctx { get; } = new();

    protected TestDatabase Database { get; } = TestDatabase.InMemory();

    protected Scenario World { get; private set; } = null!;

    protected int East { get; private set; }

    /// <summary>The IANA zone the fake browser reports; null leaves it unanswered (times stay UTC).</summary>
    protected virtual string? BrowserTimeZone => null;

    public virtual async Task InitializeAsync()
    {
        World = new Scenario(Database);
        East = await World.AddWarehouseAsync("East");
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        if (BrowserTimeZone is { } zone)
        {
            Ctx.JSInterop.SetupModule(LocalTime.ModulePath).Setup<string?>("timeZone").SetResult(zone);
        }

        Ctx.Services.AddAppServicesOver(Database, World.Clock);
        Ctx.AddBunitPersistentComponentState(); // the Orders page persists its selection for an idle pause
    }

    /// <summary>Signs <paramref name="actor"/> in with the claims CurrentStaff reads.</summary>
    protected BunitAuthorizationContext SignIn(Actor actor, params string[] roles)
    {
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized(actor.Name);
        auth.SetRoles(roles);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, actor.Id),
            new Claim(CurrentStaff.DisplayNameClaim, actor.Name));
        return auth;
    }

    public async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        await Database.DisposeAsync();
    }
}

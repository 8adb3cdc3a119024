using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api.Pages;

/// <summary>
/// A bUnit test of a manager's settings page over a real SQLite database: the app's services, the API
/// and webhook services, a manager in the database (the services re-check the role there) signed in,
/// and the dialog, popover and snackbar providers beside the page.
/// </summary>
public abstract class ManagerPageTest : IAsyncLifetime
{
    public static readonly Actor Manager = new("manager-mia", "Mia Manager");

    protected BunitContext Ctx { get; } = new();

    protected TestDatabase Database { get; } = TestDatabase.InMemory();

    protected Scenario World { get; private set; } = null!;

    /// <summary>Where webhooks may go in this test (loopback allowed unless a test says otherwise).</summary>
    protected virtual bool AllowPrivateNetworks => true;

    public virtual async Task InitializeAsync()
    {
        World = new Scenario(Database);
        await AddManagerAsync();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddAppServicesOver(Database, World.Clock);
        Ctx.Services.AddApiDomain();
        var options = new WebhookOptions { AllowPrivateNetworks = AllowPrivateNetworks };
        Ctx.Services.AddSingleton(options);
        Ctx.Services.AddSingleton<IWebhookTargetGuard>(new WebhookTargetGuard(options));
        Ctx.Services.AddWebhookDomain();
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized(Manager.Name);
        auth.SetRoles(Roles.Manager);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, Manager.Id), new Claim(CurrentStaff.DisplayNameClaim, Manager.Name));
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The providers a page's dialogs, menus and snackbars render into, then the page.</summary>
    protected (IRenderedComponent<TPage> Page, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars)
        Render<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent
    {
        Ctx.Render<MudPopoverProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        var snackbars = Ctx.Render<MudSnackbarProvider>();
        return (Ctx.Render(parameters ?? (_ => { })), dialogs, snackbars);
    }

    /// <summary>The input a MudBlazor field's label names.</summary>
    protected static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string label)
    {
        var tag = dialogs.FindAll("label").First(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal));
        return dialogs.Find($"#{tag.GetAttribute("for")}");
    }

    protected static Task ClickAsync<T>(IRenderedComponent<T> within, string buttonText)
        where T : IComponent =>
        within.InvokeAsync(() => within.FindAll("button").Single(b => b.TextContent.Trim() == buttonText).Click());

    private async Task AddManagerAsync()
    {
        await using var db = Database.CreateDbContext();
        var role = new IdentityRole(Roles.Manager) { NormalizedName = Roles.Manager.ToUpperInvariant() };
        db.Roles.Add(role);
        db.Users.Add(new StaffMember { Id = Manager.Id, UserName = "mia@test.local", Email = "mia@test.local", DisplayName = Manager.Name });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = Manager.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
    }
}

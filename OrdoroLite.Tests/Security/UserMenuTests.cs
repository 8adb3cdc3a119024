using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using OrdoroLite.App.Components.Layout;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.Tests.Security;

public sealed class UserMenuTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void User_menu_shows_the_signed_in_persons_display_name_and_a_sign_out_form()
    {
        _ctx.AddAuthorization().SetAuthorized("ada@test.local").SetClaims(new Claim(CurrentStaff.DisplayNameClaim, "Ada <b>Lovelace</b>"));

        var menu = _ctx.Render<UserMenu>();

        menu.Find("[data-testid=signed-in-name]").TextContent.Should().Be("Ada <b>Lovelace</b>");
        menu.FindAll("b").Should().BeEmpty();
        var form = menu.Find("form");
        form.GetAttribute("action").Should().Be("/Account/Logout");
        form.GetAttribute("method").Should().Be("post");
        form.QuerySelector("button[type=submit]")!.TextContent.Should().Contain("Sign out");
    }

    [Fact]
    public void User_menu_is_empty_for_an_anonymous_visitor()
    {
        _ctx.AddAuthorization();

        var menu = _ctx.Render<UserMenu>();

        menu.Markup.Trim().Should().BeEmpty();
    }

    [Theory]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Staff, false)]
    public void Staff_link_is_shown_to_managers_only(string role, bool shown)
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("someone").SetRoles(role);
        auth.SetPolicies(role == Roles.Manager ? [Policies.Manager, Policies.Staff] : [Policies.Staff]);

        var nav = _ctx.Render<NavMenu>();

        nav.FindAll("a[href='/staff']").Should().HaveCount(shown ? 1 : 0);
    }
}

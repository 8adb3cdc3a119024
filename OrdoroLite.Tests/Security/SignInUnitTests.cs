using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

public sealed class SignInUnitTests
{
    [Fact]
    public async Task Principal_of_a_staff_member_carries_their_display_name_and_role()
    {
        await using var database = TestDatabase.OnDisk();
        await using var services = new ServiceCollection().AddLogging()
            .AddOrdoroDomain(database.ConnectionString).AddStaffSignIn().BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.Manager));
        var person = new StaffMember { UserName = "ada@test.local", Email = "ada@test.local", DisplayName = "Ada Lovelace" };
        (await users.CreateAsync(person, "Analytical-engine-1")).Succeeded.Should().BeTrue();
        await users.AddToRoleAsync(person, Roles.Manager);

        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<StaffMember>>().CreateAsync(person);

        principal.FindFirstValue(CurrentStaff.DisplayNameClaim).Should().Be("Ada Lovelace");
        principal.FindFirstValue(ClaimTypes.NameIdentifier).Should().Be(person.Id);
        principal.IsInRole(Roles.Manager).Should().BeTrue();
    }

    [Fact]
    public async Task Current_staff_names_the_actor_after_the_display_name_claim()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "u-1"), new Claim(ClaimTypes.Name, "ada@test.local"), new Claim(CurrentStaff.DisplayNameClaim, "Ada Lovelace")],
            authenticationType: "test"));

        var actor = await new CurrentStaff(new FixedAuthentication(user)).GetActorAsync();

        actor.Id.Should().Be("u-1");
        actor.Name.Should().Be("Ada Lovelace");
    }

    [Fact]
    public async Task Current_staff_refuses_an_anonymous_visitor()
    {
        var current = new CurrentStaff(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity())));

        var act = () => current.GetActorAsync();

        await act.Should().ThrowAsync<UnauthorizedAccessException>();
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/orders?tab=cancelled", "/orders?tab=cancelled")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("orders", "/")]
    public void Return_address_after_sign_in_is_a_path_on_this_site(string? returnUrl, string expected)
    {
        LocalUrl.OrHome(returnUrl).Should().Be(expected);
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}

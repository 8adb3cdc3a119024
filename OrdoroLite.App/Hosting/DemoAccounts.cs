using Microsoft.AspNetCore.Identity;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// The demo people of <see cref="DemoStaff"/>, with their fixed ids, for a brand-new demo
/// database only. Staff and Manager can sign in with the demo password; the historical people
/// exist so the demo timeline names real accounts, and are created deactivated.
/// </summary>
public static class DemoAccounts
{
    public static async Task CreateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        foreach (var person in DemoStaff.Everyone)
        {
            ct.ThrowIfCancellationRequested();
            var user = new StaffMember
            {
                Id = person.Id,
                UserName = person.Email,
                Email = person.Email,
                EmailConfirmed = true,
                DisplayName = person.DisplayName,
                IsActive = person == DemoStaff.Staff || person == DemoStaff.Manager,
            };
            Check(await users.CreateAsync(user, DemoStaff.Password));
            Check(await users.AddToRoleAsync(user, person.Role));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo accounts: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

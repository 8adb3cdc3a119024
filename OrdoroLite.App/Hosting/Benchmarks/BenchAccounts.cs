using Microsoft.AspNetCore.Identity;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>The bench seeds orders only; its browser tabs and load clients sign in as the demo people.</summary>
public static class BenchAccounts
{
    /// <summary>Creates the demo accounts (docs/README's demo staff and manager) unless the staff member exists.</summary>
    /// <param name="services">The domain's services with staff sign-in (<c>AddStaffSignIn</c>).</param>
    public static async Task EnsureDemoAccountsAsync(IServiceProvider services)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByEmailAsync(DemoStaff.Staff.Email) is not null)
            {
                return;
            }
        }

        await DemoAccounts.CreateAsync(services, CancellationToken.None);
    }
}

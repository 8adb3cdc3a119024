using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting;

/// <summary>Demo accounts and demo orders for a brand-new database.</summary>
public static class DemoSeeding
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await DemoAccounts.CreateAsync(services, ct);

        // Warehouses, products, ~2,000 orders and their stock (Domain/Seeding).
        await DemoOrders.SeedAsync(
            services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>(),
            services.GetRequiredService<TimeProvider>(),
            SeedSize.Demo,
            ct: ct,
            carriers: services.GetRequiredService<OrdoroLite.Domain.Labels.Carriers.CarrierRules>());
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Hosting;

/// <summary>Migrates the database at start-up and fills a brand-new one with demo data.</summary>
public static class DatabaseStartup
{
    public static async Task PrepareAsync(IServiceProvider services, ILogger logger, CancellationToken ct = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        bool isNew;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            isNew = await OrdoroData.MigrateAsync(db, ct);
        }

        if (isNew && services.GetRequiredService<IConfiguration>().GetValue("Database:SeedDemoData", true))
        {
            logger.LogInformation("New database: adding demo data.");
            await DemoSeeding.RunAsync(services, ct);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Hosting;

/// <summary>Migrates the database at start-up and fills a brand-new one with demo data.</summary>
public static class DatabaseStartup
{
    /// <exception cref="StartupException">The database cannot be reached or opened (one sentence naming it).</exception>
    public static async Task PrepareAsync(IServiceProvider services, DatabaseSettings database, ILogger logger, CancellationToken ct = default)
    {
        var isNew = await MigrateAsync(services, database, ct);
        if (isNew && services.GetRequiredService<IConfiguration>().GetValue("Database:SeedDemoData", true))
        {
            logger.LogInformation("New database: adding demo data.");
            await DemoSeeding.RunAsync(services, ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>().CreateDbContextAsync(ct);
            await OrdoroData.RefreshStatisticsAsync(db, ct);
        }
    }

    /// <summary>Applies pending migrations (the app and every command do, so each finds the schema it expects).</summary>
    /// <returns>True when the database was new.</returns>
    /// <exception cref="StartupException">The database cannot be reached or opened (one sentence naming it).</exception>
    public static async Task<bool> MigrateAsync(IServiceProvider services, DatabaseSettings database, CancellationToken ct = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await OrdoroData.MigrateAsync(db, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException
                                       or System.Net.Sockets.SocketException)
        {
            throw new StartupException($"OrdoroLite cannot open its {database.Where}: {Innermost(e).Message} " +
                "Check the connection settings (docs/deployment.md) and that the database server is running.", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Data;

public static class OrdoroData
{
    /// <summary>Registers the context factory over the named provider's database, the clock and every use case.</summary>
    /// <param name="provider">A <see cref="IDatabaseProvider.Name"/>, e.g. "Sqlite".</param>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    public static IServiceCollection AddOrdoroDomain(this IServiceCollection services, string connectionString, string provider = "Sqlite")
    {
        var database = DatabaseProviders.Named(provider);
        // Pooled: a new, unpooled context costs about 1 ms to set up (measured on the Orders grid,
        // where that was most of a page load); a pooled one is reset and reused.
        services.AddPooledDbContextFactory<OrdoroDbContext>(o => database.Configure(o, connectionString));
        // The Identity stores take a scoped context; this one is leased from the pool and goes back when the scope ends.
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<OrdoroDbContext>>().CreateDbContext());
        services.AddSingleton(database);
        services.AddSingleton(database.CreateChangeFeed(connectionString));
        services.AddSingleton(TimeProvider.System);
        // The default profiles; the App replaces them with those of configuration (Carriers:Profiles, Carriers:Holidays).
        services.AddSingleton(CarrierRules.Default);
        services.AddSingleton<SandboxCarrierOptions>();
        services.AddSingleton<ICarrierGateway, SandboxCarrier>();
        services.AddSingleton<RefundOptions>();
        services.AddTransient<RefundProcessor>();
        services.AddTransient<RetryRefund>();
        services.AddTransient<RefundList>();
        services.AddTransient<KeptLabels>();
        services.AddTransient<Labels.Tracking.RecordScans>();
        services.AddSingleton<Channels.SandboxSalesChannelOptions>();
        services.AddSingleton<Channels.ISalesChannelGateway, Channels.SandboxSalesChannel>();
        services.AddSingleton<Channels.ChannelSyncOptions>();
        services.AddTransient<Channels.ChannelCancellationProcessor>();
        services.AddTransient<Channels.RetryChannelCancellation>();
        services.AddTransient<Channels.NeedsAttention>();
        services.AddTransient<CancelOrders>();
        services.AddTransient<RestoreOrders>();
        services.AddTransient<DeleteLabels>();
        services.AddTransient<CreateLabels>();
        services.AddTransient<AddComment>();
        services.AddTransient<Import.ImportOrders>();
        services.AddTransient<Orders.Queries.OrderGrid>();
        services.AddTransient<Orders.Queries.OrderActionPreview>();
        services.AddSingleton<Orders.Queries.OrderTabCounts>();
        services.AddTransient<Orders.Queries.OrderDetails>();
        services.AddTransient<Inventory.InventoryQuery>();
        services.AddTransient<Reports.CancellationReport>();
        return services;
    }

    /// <summary>
    /// Readies the database, applies pending migrations and fills the derived columns of rows written
    /// before those columns existed (<see cref="DerivedColumns"/>). Returns true when the database was new.
    /// </summary>
    public static async Task<bool> MigrateAsync(OrdoroDbContext db, CancellationToken ct = default)
    {
        // Asking a new database for its applied migrations logs a failed query; ask whether the history exists first.
        var isNew = !await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().ExistsAsync(ct)
            || !(await db.Database.GetAppliedMigrationsAsync(ct)).Any();
        await db.GetService<IDatabaseProvider>().PrepareAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        await DerivedColumns.FillAsync(new SameOptions((DbContextOptions<OrdoroDbContext>)db.GetService<IDbContextOptions>()), TimeProvider.System, ct);
        await RefreshStatisticsAsync(db, ct);
        return isNew;
    }

    /// <summary>The query planner's statistics, taken again when the orders have doubled or halved (<see cref="IDatabaseProvider.RefreshStatisticsAsync"/>).</summary>
    public static Task RefreshStatisticsAsync(OrdoroDbContext db, CancellationToken ct = default) =>
        db.GetService<IDatabaseProvider>().RefreshStatisticsAsync(db, ct);

    /// <summary>New contexts over the options of the one being migrated.</summary>
    private sealed class SameOptions(DbContextOptions<OrdoroDbContext> options) : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext() => new(options);
    }
}

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the app, for one provider:
/// <c>dotnet ef migrations add NAME --project OrdoroLite.Domain --output-dir Data/Postgres/Migrations
/// --namespace OrdoroLite.Domain.Data.Postgres.Migrations -- --provider Postgres</c> (SQLite when no
/// provider is given). No database is opened.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<OrdoroDbContext>
{
    public OrdoroDbContext CreateDbContext(string[] args)
    {
        var at = Array.IndexOf(args, "--provider");
        var provider = DatabaseProviders.Named(at >= 0 && at + 1 < args.Length ? args[at + 1] : "Sqlite");
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        provider.Configure(options, provider.Name == "Sqlite" ? "Data Source=design.db" : "Host=localhost;Database=design");
        return new OrdoroDbContext(options.Options);
    }
}

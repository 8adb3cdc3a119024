using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Data;

public static class OrdoroData
{
    /// <summary>Registers the context factory, the clock and every use case.</summary>
    public static IServiceCollection AddOrdoroDomain(this IServiceCollection services, string connectionString)
    {
        // Pooled: a new, unpooled context costs about 1 ms to set up (measured on the Orders grid,
        // where that was most of a page load); a pooled one is reset and reused.
        services.AddPooledDbContextFactory<OrdoroDbContext>(o => Configure(o, connectionString));
        // The Identity stores take a scoped context; this one is leased from the pool and goes back when the scope ends.
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<OrdoroDbContext>>().CreateDbContext());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxCarrierOptions>();
        services.AddSingleton<ICarrierGateway, SandboxCarrier>();
        services.AddSingleton<RefundOptions>();
        services.AddTransient<RefundProcessor>();
        services.AddTransient<RetryRefund>();
        services.AddTransient<RefundList>();
        services.AddTransient<CancelOrders>();
        services.AddTransient<RestoreOrders>();
        services.AddTransient<DeleteLabels>();
        services.AddTransient<CreateLabels>();
        services.AddTransient<AddComment>();
        services.AddTransient<Import.ImportOrders>();
        services.AddTransient<Orders.Queries.OrderGrid>();
        services.AddSingleton<Orders.Queries.OrderTabCounts>();
        services.AddTransient<Orders.Queries.OrderDetails>();
        services.AddTransient<Inventory.InventoryQuery>();
        services.AddTransient<Reports.CancellationReport>();
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        WithSqliteServices(options.UseSqlite(connectionString, CollectionsAsOneParameter));

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, SqliteConnection connection) =>
        WithSqliteServices(options.UseSqlite(connection, CollectionsAsOneParameter));

    /// <summary>
    /// `list.Contains(column)` binds the list as one JSON value (json_each), as EF Core 8 and 9 did:
    /// EF Core 10's default binds one parameter per item, which cost 53 s for a 10,000-order cancel
    /// and made the grid's label lookup (50 numbers) three times slower than the same SQL by hand.
    /// </summary>
    private static void CollectionsAsOneParameter(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter);

    private static DbContextOptionsBuilder WithSqliteServices(DbContextOptionsBuilder options) =>
        options.AddInterceptors(new SqliteConnectionPragmas())
            .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IDatabase, SqliteBulkDatabase>()
            .UsePlainSqliteConnections();

    /// <summary>Applies pending migrations and switches the file to WAL. Returns true when the database was new.</summary>
    public static async Task<bool> MigrateAsync(OrdoroDbContext db, CancellationToken ct = default)
    {
        var isNew = !(await db.Database.GetAppliedMigrationsAsync(ct)).Any();
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && file != ":memory:")
        {
            await db.Database.ExecuteSqlRawAsync(SqliteStatements.EnableWal, ct);
        }

        await db.Database.MigrateAsync(ct);
        return isNew;
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<OrdoroDbContext>
{
    public OrdoroDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        OrdoroData.Configure(options, "Data Source=design.db");
        return new OrdoroDbContext(options.Options);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// Puts the context's <see cref="IDatabaseProvider"/> and <see cref="IStoreDialect"/> among its
/// services, so neutral code asks the context (<c>db.GetService&lt;IStoreDialect&gt;()</c>) instead
/// of naming a provider.
/// </summary>
internal sealed class StoreOptionsExtension(IDatabaseProvider provider, IStoreDialect dialect) : IDbContextOptionsExtension
{
    public IDatabaseProvider Provider => provider;

    public IStoreDialect Dialect => dialect;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        services.AddSingleton(provider);
        services.AddSingleton(dialect);
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(StoreOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Dialect={extension.Dialect.GetType().Name} ";

        public override int GetServiceProviderHashCode() => HashCode.Combine(extension.Provider.Name, extension.Dialect);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other.Extension is StoreOptionsExtension e
            && e.Provider.Name == extension.Provider.Name
            && ReferenceEquals(e.Dialect, extension.Dialect);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Ordoro:Dialect"] = $"{extension.Provider.Name} {extension.Dialect.GetType().Name}";
    }
}

internal static class StoreOptions
{
    /// <summary>Adds the provider and its dialect to the context's services, and reads only that provider's migrations.</summary>
    public static DbContextOptionsBuilder UseStore(this DbContextOptionsBuilder options, IDatabaseProvider provider, IStoreDialect dialect)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new StoreOptionsExtension(provider, dialect));
        // The grid's capped counts limit rows without an order on purpose (OrderGrid.CappedCount); every page query is ordered.
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));
        return options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrations>();
    }
}

using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// EF Core keeps one set of migrations per provider (SQL differs); both live in this assembly,
/// each in its provider's folder and namespace (<see cref="IDatabaseProvider.MigrationsNamespace"/>).
/// This is EF's <see cref="IMigrationsAssembly"/> reading only the active provider's set.
/// </summary>
internal sealed class ProviderMigrations : IMigrationsAssembly
{
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public ProviderMigrations(ICurrentDbContext current, IDbContextOptions options)
    {
        var contextType = current.Context.GetType();
        var ns = options.FindExtension<StoreOptionsExtension>()?.Provider.MigrationsNamespace
            ?? throw new InvalidOperationException("The context has no database provider (StoreOptionsExtension).");
        Assembly = typeof(ProviderMigrations).Assembly;
        var types = Assembly.GetTypes()
            .Where(t => t.Namespace == ns && !t.IsAbstract && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
            .ToList();
        _migrations = new(() => types
            .Where(t => t.IsSubclassOf(typeof(Migration)))
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t.GetTypeInfo()))
            .Where(m => m.Id is not null)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(m => m.Id!, m => m.Type));
        _snapshot = new(() => types
            .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)))
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
            .SingleOrDefault());
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || (id.Length > 15 && string.Equals(id[15..], nameOrId, StringComparison.OrdinalIgnoreCase)));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}

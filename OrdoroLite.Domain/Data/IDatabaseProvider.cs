using Microsoft.EntityFrameworkCore;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// One database OrdoroLite can run on: how a context connects to it and what a new connection or
/// database needs. Each lives in its own folder (<c>Data/&lt;Provider&gt;/</c>) and is found by its
/// <see cref="Name"/>, so neutral code names no provider type.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>The name configuration uses (<c>Database:Provider</c>), e.g. "Sqlite".</summary>
    string Name { get; }

    /// <summary>The namespace of this provider's migrations (EF keeps one set per provider).</summary>
    string MigrationsNamespace { get; }

    /// <summary>Points EF at the database and adds the provider's services (its <see cref="IStoreDialect"/> among them).</summary>
    DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString);

    /// <summary>
    /// True when the query planner knows how many rows a condition selects, a range of values or one
    /// common or rare value (PostgreSQL's histograms and most-common values); false when it knows
    /// only averages and takes every range as narrow (SQLite without STAT4): then the grid gives it
    /// hints from what it knows itself (<see cref="PlannerHints.Mostly"/>, <c>GridHints</c>).
    /// </summary>
    bool PlansRanges { get; }

    /// <summary>What the model needs on this database only (its migrations follow it), e.g. text collation.</summary>
    void ConfigureModel(ModelBuilder model);

    /// <summary>Readies the database before migrations run (e.g. SQLite's WAL journal).</summary>
    Task PrepareAsync(OrdoroDbContext db, CancellationToken ct);

    /// <summary>
    /// Gives the query planner statistics of the data as it is now, when they are missing (for the
    /// orders or one of their indexes) or the orders have doubled or halved since they were taken.
    /// Called after migrating, seeding and importing.
    /// </summary>
    Task RefreshStatisticsAsync(OrdoroDbContext db, CancellationToken ct);

    /// <summary>How this server tells the others on the same database that orders changed.</summary>
    IChangeFeed CreateChangeFeed(string connectionString);

    /// <summary>A plain ADO.NET connection, opened, with the settings every connection of the app gets (for hand-written SQL: the benchmark's raw twins).</summary>
    Task<System.Data.Common.DbConnection> OpenConnectionAsync(string connectionString, CancellationToken ct);
}

/// <summary>The providers of this assembly, by name.</summary>
public static class DatabaseProviders
{
    private static readonly Lazy<IReadOnlyDictionary<string, IDatabaseProvider>> All = new(() =>
        typeof(IDatabaseProvider).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDatabaseProvider).IsAssignableFrom(t))
            .Select(t => (IDatabaseProvider)Activator.CreateInstance(t)!)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>The names that <see cref="Named"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => All.Value.Keys.ToList();

    /// <exception cref="ArgumentException">No provider has that name (the message lists those that exist).</exception>
    public static IDatabaseProvider Named(string name) =>
        All.Value.TryGetValue(name, out var provider)
            ? provider
            : throw new ArgumentException($"There is no database provider \"{name}\". Use one of: {string.Join(", ", Names)}.");
}

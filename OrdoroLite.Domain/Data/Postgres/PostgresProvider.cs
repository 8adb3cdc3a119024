using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace OrdoroLite.Domain.Data.Postgres;

/// <summary>
/// PostgreSQL, for a shop that outgrows one server: several app servers on one database
/// (docs/deployment.md). Text is compared by code point (collation "C"), as on SQLite, so
/// searches by prefix and sorts give the same rows on both.
/// </summary>
public sealed class PostgresProvider : IDatabaseProvider
{
    private static readonly PostgresProvider Instance = new();

    public string Name => "Postgres";

    public bool PlansRanges => true;

    public string MigrationsNamespace => "OrdoroLite.Domain.Data.Postgres.Migrations";

    /// <summary>
    /// Connections one server keeps at most when the connection string does not say (Npgsql's own
    /// default is 100): two servers at 100 each exceed PostgreSQL's default <c>max_connections</c>
    /// of 100, and under the load bench the database refused new connections ("remaining connection
    /// slots are reserved") — HTTP 500s. 25 per server leaves room for three servers, backups and
    /// psql; a request waits for a free connection instead (docs/deployment.md, "Connections").
    /// </summary>
    public const int DefaultMaxPoolSize = 25;

    private static readonly System.Text.RegularExpressions.Regex PoolSizeGiven =
        new(@"max(imum)?\s*pool\s*size\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// The connection string with <see cref="DefaultMaxPoolSize"/> unless it sets its own maximum. One
    /// that does not parse is returned as it is: opening it gives the start-up check's sentence.
    /// </summary>
    public static string WithPoolLimit(string connectionString)
    {
        if (PoolSizeGiven.IsMatch(connectionString))
        {
            return connectionString;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        Configure(options, connectionString, PostgresDialect.Instance);

    /// <summary>The same with a chosen dialect (tests inject faults through one).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, IStoreDialect dialect) =>
        options.UseNpgsql(WithPoolLimit(connectionString)).UseStore(Instance, dialect);

    /// <summary>Every text column compares by code point (collation "C"), as SQLite's BINARY does.</summary>
    public void ConfigureModel(ModelBuilder model)
    {
        foreach (var property in model.Model.GetEntityTypes()
                     .SelectMany(t => t.GetProperties().Concat(t.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())))
                     .Where(p => (p.GetValueConverter()?.ProviderClrType ?? p.ClrType) == typeof(string)))
        {
            property.SetCollation("C");
        }

        // PostgreSQL's statistics know how many rows a condition selects: a hint is the condition itself.
        model.HasDbFunction(typeof(PlannerHints).GetMethod(nameof(PlannerHints.Mostly))!)
            .HasTranslation(arguments => arguments[0]);
        model.HasDbFunction(typeof(PlannerHints).GetMethod(nameof(PlannerHints.Rarely))!)
            .HasTranslation(arguments => arguments[0]);

        // Its statistics take a sort key and the order date as independent: GREATEST(key, key) is the key,
        // which no index matches and the planner does not fold (it does fold NULLIF(key, NULL) back to the key).
        PlannerHints.MapUnindexed(model, "GREATEST");
    }

    /// <summary>
    /// Refuses a database that does not exist instead of letting EF create it: a mistyped name would
    /// otherwise start a new, empty shop (with demo data) while staff think they work in theirs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database does not exist (the message says how to create it).</exception>
    public async Task PrepareAsync(OrdoroDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            var name = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database;
            throw new InvalidOperationException(
                $"The database \"{name}\" does not exist on that server. Create it first (docs/deployment.md): createdb -O <user> {name}.");
        }
    }

    public IChangeFeed CreateChangeFeed(string connectionString) => new PostgresChangeFeed(connectionString);

    /// <summary>Nothing to do: PostgreSQL's autovacuum analyzes a table once enough of it has changed.</summary>
    public Task RefreshStatisticsAsync(OrdoroDbContext db, CancellationToken ct) => Task.CompletedTask;

    public async Task<DbConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(WithPoolLimit(connectionString));
        await connection.OpenAsync(ct);
        return connection;
    }
}

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

    public string MigrationsNamespace => "OrdoroLite.Domain.Data.Postgres.Migrations";

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        Configure(options, connectionString, PostgresDialect.Instance);

    /// <summary>The same with a chosen dialect (tests inject faults through one).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, IStoreDialect dialect) =>
        options.UseNpgsql(connectionString).UseStore(Instance, dialect);

    /// <summary>Every text column compares by code point (collation "C"), as SQLite's BINARY does.</summary>
    public void ConfigureModel(ModelBuilder model)
    {
        foreach (var property in model.Model.GetEntityTypes()
                     .SelectMany(t => t.GetProperties().Concat(t.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())))
                     .Where(p => (p.GetValueConverter()?.ProviderClrType ?? p.ClrType) == typeof(string)))
        {
            property.SetCollation("C");
        }
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

    public async Task<DbConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}

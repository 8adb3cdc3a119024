using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>The embedded default: one SQLite file (or an in-memory database in tests).</summary>
public sealed class SqliteProvider : IDatabaseProvider
{
    private static readonly SqliteProvider Instance = new();

    public string Name => "Sqlite";

    /// <summary>The bundled SQLite is built without STAT4: no histogram of a column's values.</summary>
    public bool PlansRanges => false;

    public string MigrationsNamespace => typeof(Migrations.OneWriter).Namespace!;

    /// <summary>How long a write waits for another writer's lock before the person reads "Another change is still being saved" (docs/import.md).</summary>
    public static readonly TimeSpan WriteWait = TimeSpan.FromSeconds(10);

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        WithServices(options.UseSqlite(WithWriteWait(connectionString), CollectionsAsOneParameter), SqliteDialect.Immediate);

    /// <summary>
    /// SQLite waits <c>busy_timeout</c> (10 s) for a lock, and Microsoft.Data.Sqlite then retries
    /// the statement until its command timeout (30 s by default): a writer waited about 30 s. The
    /// command timeout is set to the same 10 s unless the connection string says otherwise.
    /// </summary>
    private static string WithWriteWait(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout == new SqliteConnectionStringBuilder().DefaultTimeout)
        {
            builder.DefaultTimeout = (int)WriteWait.TotalSeconds;
        }

        return builder.ToString();
    }

    /// <summary>Over a connection the caller keeps open (an in-memory database lives as long as it).</summary>
    /// <param name="dialect">Null: <see cref="SqliteDialect.Immediate"/>. Tests pass <see cref="SqliteDialect.Deferred"/> or a dialect that injects faults.</param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, SqliteConnection connection, IStoreDialect? dialect = null) =>
        WithServices(options.UseSqlite(connection, CollectionsAsOneParameter), dialect ?? SqliteDialect.Immediate);

    /// <summary>The same over a connection string, with a chosen dialect.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, IStoreDialect dialect) =>
        WithServices(options.UseSqlite(connectionString, CollectionsAsOneParameter), dialect);

    /// <summary>
    /// <see cref="PlannerHints.Mostly"/> as SQLite's <c>likelihood(condition, 0.9375)</c>
    /// (https://sqlite.org/lang_corefunc.html#likelihood): the planner then costs the condition's index
    /// as reading most rows, and prefers walking the sort's index; <see cref="PlannerHints.Rarely"/> as
    /// <c>likelihood(condition, 0.0625)</c> (what <c>unlikely()</c> means): the condition's index, then a sort;
    /// <see cref="PlannerHints.Unindexed(int)"/> as <c>ifnull(key, key)</c>.
    /// </summary>
    public void ConfigureModel(ModelBuilder model)
    {
        Likelihood(model, nameof(PlannerHints.Mostly), 0.9375);
        Likelihood(model, nameof(PlannerHints.Rarely), 0.0625);
        PlannerHints.MapUnindexed(model, "ifnull");
    }

    private static void Likelihood(ModelBuilder model, string hint, double probability) =>
        model.HasDbFunction(typeof(PlannerHints).GetMethod(hint)!)
            .HasTranslation(arguments => new SqlFunctionExpression(
                "likelihood", [arguments[0], new SqlConstantExpression(probability, typeof(double), new DoubleTypeMapping("REAL"))],
                nullable: true, argumentsPropagateNullability: [true, false], typeof(bool), arguments[0].TypeMapping));

    public async Task PrepareAsync(OrdoroDbContext db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && file != ":memory:")
        {
            await db.Database.ExecuteSqlRawAsync(SqliteStatements.EnableWal, ct);
        }
    }

    /// <summary>
    /// SQLite has no statistics until ANALYZE runs, and without them it takes any equality on an indexed
    /// column as selective: the sqlite3 shell plans one warehouse's orders by number as a walk of the
    /// warehouse index and a sort of its 450,000 orders, and with statistics as a read by number
    /// (docs/performance.md "Views": the app's page query, with its join, still gets the sort). ANALYZE
    /// of a million orders takes about 2 s, so it runs only when the orders have no statistics, an index
    /// of theirs has none (a migration added it), or their count has doubled or halved since.
    /// </summary>
    public async Task RefreshStatisticsAsync(OrdoroDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var orders = Convert.ToInt64(await ScalarAsync(connection, SqliteStatements.CountOrders, ct), CultureInfo.InvariantCulture);
            var known = Convert.ToInt64(await ScalarAsync(connection, SqliteStatements.HasStatistics, ct), CultureInfo.InvariantCulture) == 1
                && await ScalarAsync(connection, SqliteStatements.OrdersInStatistics, ct) is string stat
                ? long.Parse(stat.Split(' ')[0], CultureInfo.InvariantCulture)
                : (long?)null;
            var unmeasured = known is not null
                && Convert.ToInt64(await ScalarAsync(connection, SqliteStatements.OrderIndexesWithoutStatistics, ct), CultureInfo.InvariantCulture) > 0;
            if (orders > 0 && (known is null || unmeasured || orders >= 2 * known || 2 * orders <= known))
            {
                await db.Database.ExecuteSqlRawAsync(SqliteStatements.Analyze, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>One server per SQLite file: nobody else to tell.</summary>
    public IChangeFeed CreateChangeFeed(string connectionString) => new NoChangeFeed();

    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = SqliteStatements.ConnectionPragmas;
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// `list.Contains(column)` binds the list as one JSON value (json_each), as EF Core 8 and 9 did:
    /// EF Core 10's default binds one parameter per item, which cost 53 s for a 10,000-order cancel
    /// and made the grid's label lookup (50 numbers) three times slower than the same SQL by hand.
    /// </summary>
    private static void CollectionsAsOneParameter(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter);

    private static DbContextOptionsBuilder WithServices(DbContextOptionsBuilder options, IStoreDialect dialect) =>
        options.AddInterceptors(new SqliteConnectionPragmas()).UseStore(Instance, dialect);
}

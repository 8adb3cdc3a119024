using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// A real SQLite database with the real migrations applied. <see cref="InMemory"/> keeps one
/// connection open for the test's life (fast, for rule tests); <see cref="OnDisk"/> is a
/// temporary WAL file that several connections share, for tests of concurrent writers.
/// The migrated schema is built once per test run and copied with SQLite's backup API.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<OrdoroDbContext>, IAsyncDisposable
{
    private static readonly Lazy<SqliteConnection> Template = new(CreateTemplate);
    private static readonly object TemplateLock = new();

    private readonly SqliteConnection? _keptOpen;
    private readonly string? _file;
    private readonly SqliteDialect _dialect;

    private TestDatabase(SqliteConnection? keptOpen, string? file, SqliteDialect dialect)
    {
        _keptOpen = keptOpen;
        _file = file;
        _dialect = dialect;
    }

    public string? FilePath => _file;

    // With the write lock taken late, a session whose snapshot went stale gets SQLITE_BUSY at its
    // first write, and Microsoft.Data.Sqlite retries that statement until its command timeout
    // (30 s by default) before giving up; 2 s keeps the losing session's wait short.
    public string ConnectionString => _file is null
        ? throw new InvalidOperationException("An in-memory database has no connection string; use OnDisk().")
        : $"Data Source={_file};Pooling=False" + (_dialect == SqliteDialect.Deferred ? ";Default Timeout=2" : "");

    public static TestDatabase InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        CopyTemplateTo(connection);
        return new TestDatabase(connection, null, SqliteDialect.Immediate);
    }

    /// <param name="deferredWrites">
    /// True: write transactions take SQLite's write lock at their first write instead of before
    /// their first read, so two sessions really do read the same state at once (the rules must
    /// still hold, by the orders' versions and retries, not by the lock).
    /// </param>
    public static TestDatabase OnDisk(bool deferredWrites = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ordorolite-test-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            CopyTemplateTo(connection);
            using var wal = connection.CreateCommand();
            wal.CommandText = SqliteStatements.EnableWal;
            wal.ExecuteNonQuery();
        }

        return new TestDatabase(null, file, deferredWrites ? SqliteDialect.Deferred : SqliteDialect.Immediate);
    }

    public OrdoroDbContext CreateDbContext() => CreateDbContext([]);

    /// <summary>A factory whose contexts also run the given interceptors (to pause or observe a use case).</summary>
    public IDbContextFactory<OrdoroDbContext> With(params IInterceptor[] interceptors) =>
        new InterceptedFactory(this, interceptors, null);

    /// <summary>A factory whose contexts write through <paramref name="dialect"/> (e.g. one that injects a fault).</summary>
    public IDbContextFactory<OrdoroDbContext> WithDialect(IStoreDialect dialect) =>
        new InterceptedFactory(this, [], dialect);

    private OrdoroDbContext CreateDbContext(IInterceptor[] interceptors, IStoreDialect? dialect = null)
    {
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        if (_keptOpen is not null)
        {
            SqliteProvider.Configure(options, _keptOpen, dialect ?? _dialect);
        }
        else
        {
            SqliteProvider.Configure(options, ConnectionString, dialect ?? _dialect);
        }

        options.AddInterceptors(interceptors);

        return new OrdoroDbContext(options.Options);
    }

    public ValueTask DisposeAsync()
    {
        _keptOpen?.Dispose();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_file + suffix);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static void CopyTemplateTo(SqliteConnection target)
    {
        lock (TemplateLock)
        {
            Template.Value.BackupDatabase(target);
        }
    }

    private static SqliteConnection CreateTemplate()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        SqliteProvider.Configure(options, connection);
        using var db = new OrdoroDbContext(options.Options);
        OrdoroData.MigrateAsync(db).GetAwaiter().GetResult();
        return connection;
    }

    private sealed class InterceptedFactory(TestDatabase database, IInterceptor[] interceptors, IStoreDialect? dialect)
        : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext() => database.CreateDbContext(interceptors, dialect);
    }
}

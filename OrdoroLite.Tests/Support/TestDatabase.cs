using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Postgres;
using OrdoroLite.Domain.Data.Sqlite;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// A real database with the real migrations applied, one per test.
/// SQLite: <see cref="InMemory"/> keeps one connection open for the test's life (fast, for rule
/// tests); <see cref="OnDisk"/> is a temporary WAL file that several connections share, for tests
/// of concurrent writers; the migrated schema is built once per test run and copied with SQLite's
/// backup API. PostgreSQL: <see cref="Postgres"/> is a new database on the server named by
/// <c>ORDOROLITE_POSTGRES</c> (default: <see cref="DefaultPostgres"/>), created from a template
/// migrated once per test run and dropped at the end.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<OrdoroDbContext>, IAsyncDisposable
{
    /// <summary>The server `.ci/run` starts (docs/deployment.md, "Tests").</summary>
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=ordorolite;Password=ordorolite";

    private static readonly Lazy<SqliteConnection> Template = new(CreateTemplate);
    private static readonly object TemplateLock = new();
    private static readonly SemaphoreSlim PostgresTemplateLock = new(1, 1);
    private static string? _postgresTemplate;

    private readonly SqliteConnection? _keptOpen;
    private readonly string? _file;
    private readonly string? _postgresDatabase;
    private readonly IStoreDialect _dialect;

    private TestDatabase(SqliteConnection? keptOpen, string? file, string? postgresDatabase, IStoreDialect dialect)
    {
        _keptOpen = keptOpen;
        _file = file;
        _postgresDatabase = postgresDatabase;
        _dialect = dialect;
    }

    /// <summary>"Sqlite" or "Postgres".</summary>
    public string ProviderName => _postgresDatabase is null ? "Sqlite" : "Postgres";

    public bool IsPostgres => _postgresDatabase is not null;

    public string? FilePath => _file;

    // With the write lock taken late, a session whose snapshot went stale gets SQLITE_BUSY at its
    // first write, and Microsoft.Data.Sqlite retries that statement until its command timeout
    // before giving up; 2 s keeps the losing session's wait short.
    public string ConnectionString =>
        _postgresDatabase is { } name ? WithDatabase(name)
        : _file is null ? throw new InvalidOperationException("An in-memory database has no connection string; use OnDisk().")
        : $"Data Source={_file};Pooling=False" + (_dialect == SqliteDialect.Deferred ? ";Default Timeout=2" : "");

    public static TestDatabase InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        CopyTemplateTo(connection);
        return new TestDatabase(connection, null, null, SqliteDialect.Immediate);
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

        return new TestDatabase(null, file, null, deferredWrites ? SqliteDialect.Deferred : SqliteDialect.Immediate);
    }

    /// <summary>A new PostgreSQL database with the migrations applied (copied from a template made once per run).</summary>
    /// <exception cref="InvalidOperationException">The server cannot be reached: the message says how to start one.</exception>
    public static TestDatabase Postgres() => PostgresAsync().GetAwaiter().GetResult();

    /// <summary>A new, empty PostgreSQL database (no tables): an app started on it migrates it and seeds demo data.</summary>
    public static async Task<TestDatabase> PostgresEmptyAsync()
    {
        var name = $"ordorolite_test_{Guid.NewGuid():N}";
        await using (var server = await OpenServerAsync())
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'");
        }

        return new TestDatabase(null, null, name, PostgresDialect.Instance);
    }

    private static async Task<TestDatabase> PostgresAsync()
    {
        var name = $"ordorolite_test_{Guid.NewGuid():N}";
        for (var attempt = 1; ; attempt++)
        {
            var template = await PostgresTemplateAsync();
            try
            {
                await using (var server = await OpenServerAsync())
                {
                    await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
                }

                return new TestDatabase(null, null, name, PostgresDialect.Instance);
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.ObjectInUse)
            {
                // A test run of another build on the same server dropped our template (it drops every template but its
                // own) or was dropping it just now: make it again, rather than fail a test for another run's clean-up.
                Interlocked.CompareExchange(ref _postgresTemplate, null, template);
            }
        }
    }

    public OrdoroDbContext CreateDbContext() => CreateDbContext([]);

    /// <summary>A factory whose contexts also run the given interceptors (to pause or observe a use case).</summary>
    public IDbContextFactory<OrdoroDbContext> With(params IInterceptor[] interceptors) =>
        new InterceptedFactory(this, interceptors, null);

    /// <summary>A factory whose contexts write through <paramref name="dialect"/> (e.g. one that injects a fault).</summary>
    public IDbContextFactory<OrdoroDbContext> WithDialect(IStoreDialect dialect) =>
        new InterceptedFactory(this, [], dialect);

    /// <summary>The provider's own write dialect (what <see cref="WithDialect"/> wraps).</summary>
    public IStoreDialect Dialect => _dialect;

    /// <summary>A plain, opened connection to this database, for raw SQL in tests.</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private OrdoroDbContext CreateDbContext(IInterceptor[] interceptors, IStoreDialect? dialect = null)
    {
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        if (_keptOpen is not null)
        {
            SqliteProvider.Configure(options, _keptOpen, dialect ?? _dialect);
        }
        else if (IsPostgres)
        {
            PostgresProvider.Configure(options, ConnectionString, dialect ?? _dialect);
        }
        else
        {
            SqliteProvider.Configure(options, ConnectionString, dialect ?? _dialect);
        }

        options.AddInterceptors(interceptors);
        return new OrdoroDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
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

        if (_postgresDatabase is { } name)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = await OpenServerAsync();
            // A background worker (autovacuum) may still look at a new database for a moment.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\"");
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }
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

    /// <summary>
    /// The migrated template, named by a hash of the migrations so a run after a schema change
    /// never copies an old template. Made once per server and kept (copying it takes a second;
    /// migrating takes longer).
    /// </summary>
    private static async Task<string> PostgresTemplateAsync()
    {
        if (_postgresTemplate is { } made)
        {
            return made;
        }

        await PostgresTemplateLock.WaitAsync();
        try
        {
            if (_postgresTemplate is { } again)
            {
                return again;
            }

            var migrations = string.Join(",", typeof(PostgresProvider).Assembly.GetTypes()
                .Where(t => t.Namespace == new PostgresProvider().MigrationsNamespace).Select(t => t.FullName).Order(StringComparer.Ordinal));
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migrations + typeof(PostgresProvider).Assembly.ManifestModule.ModuleVersionId)))[..12];
            var name = $"ordorolite_template_{hash}";
            await using (var server = await OpenServerAsync())
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", (NpgsqlConnection)server);
                exists.Parameters.AddWithValue("@name", name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    // Templates of earlier builds are dropped; a new one is migrated under a temporary name and renamed when complete.
                    await DropOldTemplatesAsync(server);
                    var building = name + "_building";
                    await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
                    await ExecuteAsync(server, $"CREATE DATABASE \"{building}\" TEMPLATE template0 ENCODING 'UTF8'");
                    var options = new DbContextOptionsBuilder<OrdoroDbContext>();
                    PostgresProvider.Configure(options, WithDatabase(building), PostgresDialect.Instance);
                    await using (var db = new OrdoroDbContext(options.Options))
                    {
                        await OrdoroData.MigrateAsync(db);
                    }

                    NpgsqlConnection.ClearAllPools();
                    await ExecuteAsync(server, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
                }
            }

            return _postgresTemplate = name;
        }
        finally
        {
            PostgresTemplateLock.Release();
        }
    }

    private static async Task DropOldTemplatesAsync(DbConnection server)
    {
        var old = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'ordorolite\\_template\\_%'", (NpgsqlConnection)server))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                old.Add(reader.GetString(0));
            }
        }

        foreach (var name in old)
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static string Server => Environment.GetEnvironmentVariable("ORDOROLITE_POSTGRES") is { Length: > 0 } configured
        ? configured
        : DefaultPostgres;

    private static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    private static async Task<DbConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(WithDatabase("postgres"));
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {new NpgsqlConnectionStringBuilder(Server).Host}:{new NpgsqlConnectionStringBuilder(Server).Port} " +
                $"({e.Message}), so the PostgreSQL tests cannot run. Start it the way .ci/run does: " +
                "sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start && " +
                "sudo -u postgres psql -c \"create role ordorolite login password 'ordorolite' createdb;\" " +
                "(or set ORDOROLITE_POSTGRES to a server's connection string).", e);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class InterceptedFactory(TestDatabase database, IInterceptor[] interceptors, IStoreDialect? dialect)
        : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext() => database.CreateDbContext(interceptors, dialect);
    }
}

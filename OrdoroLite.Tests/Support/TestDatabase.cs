using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Data;

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
    private readonly bool _bulkWrites;

    private TestDatabase(SqliteConnection? keptOpen, string? file, bool bulkWrites = true)
    {
        _keptOpen = keptOpen;
        _file = file;
        _bulkWrites = bulkWrites;
    }

    public string? FilePath => _file;

    public string ConnectionString => _file is null
        ? throw new InvalidOperationException("An in-memory database has no connection string; use OnDisk().")
        : $"Data Source={_file};Pooling=False";

    /// <param name="bulkWrites">False: every save is EF Core's own SaveChanges, to compare the app's bulk writes against.</param>
    public static TestDatabase InMemory(bool bulkWrites = true)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        CopyTemplateTo(connection);
        return new TestDatabase(connection, null, bulkWrites);
    }

    public static TestDatabase OnDisk()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ordorolite-test-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            CopyTemplateTo(connection);
            using var wal = connection.CreateCommand();
            wal.CommandText = OrdoroLite.Domain.Data.Sqlite.SqliteStatements.EnableWal;
            wal.ExecuteNonQuery();
        }

        return new TestDatabase(null, file);
    }

    public OrdoroDbContext CreateDbContext() => CreateDbContext([]);

    /// <summary>A factory whose contexts also run the given interceptors (to pause or observe a use case).</summary>
    public IDbContextFactory<OrdoroDbContext> With(params IInterceptor[] interceptors) =>
        new InterceptedFactory(this, interceptors);

    private OrdoroDbContext CreateDbContext(IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<OrdoroDbContext>();
        if (_keptOpen is not null)
        {
            OrdoroData.Configure(options, _keptOpen);
        }
        else
        {
            OrdoroData.Configure(options, ConnectionString);
        }

        options.AddInterceptors(interceptors);
        if (!_bulkWrites)
        {
            options.ReplaceService<IDatabase, RelationalDatabase>();
        }

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
        OrdoroData.Configure(options, connection);
        using var db = new OrdoroDbContext(options.Options);
        OrdoroData.MigrateAsync(db).GetAwaiter().GetResult();
        return connection;
    }

    private sealed class InterceptedFactory(TestDatabase database, IInterceptor[] interceptors)
        : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext() => database.CreateDbContext(interceptors);
    }
}

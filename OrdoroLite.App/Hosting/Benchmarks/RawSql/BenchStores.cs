using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrdoroLite.App.Hosting.Benchmarks.RawSql;

/// <summary>
/// Where the benchmark keeps its databases on one provider: the seeded one that is kept between
/// runs, and the working copy each run changes and drops. A SQLite database is a file (named by its
/// path); a PostgreSQL one is a database on a server (named by its name), copied as a template.
/// </summary>
internal interface IBenchStore
{
    /// <summary>The provider's name (<c>Database:Provider</c>).</summary>
    string Provider { get; }

    /// <summary>The name a run's working copy gets.</summary>
    string WorkName { get; }

    /// <summary>The connection string of the database <paramref name="name"/>.</summary>
    string ConnectionString(string name);

    Task<bool> ExistsAsync(string name);

    /// <summary>A new, empty database (an existing one of that name is dropped first).</summary>
    Task CreateEmptyAsync(string name);

    /// <summary>An exact copy of <paramref name="source"/> as <paramref name="target"/>; the source is not changed.</summary>
    Task CopyAsync(string source, string target);

    Task DeleteAsync(string name);

    /// <summary>
    /// Brings the planner's statistics up to date after seeding, as the database itself soon would:
    /// PostgreSQL's autovacuum analyzes new tables within minutes, and a bench that reads them at once
    /// would otherwise time plans made without statistics (the report took 1.0–1.5 s instead of 0.3 s).
    /// SQLite: nothing (the app never runs ANALYZE there; docs/performance.md).
    /// </summary>
    Task AnalyzeAsync(string name);

    /// <summary>The configuration (as environment variables) that points a server process of the app at <paramref name="name"/>.</summary>
    IReadOnlyDictionary<string, string> ServerSettings(string name);
}

internal static class BenchStores
{
    /// <summary>The store for a provider name; <paramref name="server"/> is PostgreSQL's server connection string.</summary>
    /// <exception cref="FormatException">An unknown provider.</exception>
    public static IBenchStore For(string provider, string? server) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteBenchStore(),
        "postgres" => new PostgresBenchStore(server ?? Environment.GetEnvironmentVariable("ORDOROLITE_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=ordorolite;Password=ordorolite"),
        _ => throw new FormatException($"Unknown provider {provider}; use sqlite or postgres."),
    };
}

internal sealed class SqliteBenchStore : IBenchStore
{
    public string Provider => "Sqlite";

    public string WorkName { get; } = Path.Combine(Path.GetTempPath(), $"ordorolite-bench-{Environment.ProcessId}.db");

    public string ConnectionString(string name) => DatabaseSettings.ForSqliteFile(Path.GetFullPath(name)).ConnectionString;

    public IReadOnlyDictionary<string, string> ServerSettings(string name) =>
        new Dictionary<string, string> { ["Database__Provider"] = Provider, ["Database__Path"] = Path.GetFullPath(name) };

    public Task<bool> ExistsAsync(string name) => Task.FromResult(File.Exists(name));

    public Task CreateEmptyAsync(string name) => DeleteAsync(name);

    public Task AnalyzeAsync(string name) => Task.CompletedTask;

    public async Task CopyAsync(string source, string target)
    {
        await DeleteAsync(target);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(source + suffix))
            {
                File.Copy(source + suffix, target + suffix);
            }
        }
    }

    public Task DeleteAsync(string name)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(name + suffix);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Databases on one PostgreSQL server; a copy is <c>CREATE DATABASE … TEMPLATE</c> (a file-level copy).</summary>
internal sealed class PostgresBenchStore(string server) : IBenchStore
{
    public string Provider => "Postgres";

    public string WorkName { get; } = $"ordorolite_bench_work_{Environment.ProcessId}";

    public string ConnectionString(string name) => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    public IReadOnlyDictionary<string, string> ServerSettings(string name) =>
        new Dictionary<string, string> { ["Database__Provider"] = Provider, ["ConnectionStrings__Postgres"] = ConnectionString(name) };

    public async Task<bool> ExistsAsync(string name)
    {
        await using var connection = await OpenServerAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    public async Task CreateEmptyAsync(string name)
    {
        await DeleteAsync(name);
        await ExecuteAsync($"CREATE DATABASE {Quote(name)} TEMPLATE template0 ENCODING 'UTF8'");
    }

    public async Task CopyAsync(string source, string target)
    {
        await DeleteAsync(target);
        // A template must have no other connection: the app's pooled ones to it are closed first.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"CREATE DATABASE {Quote(target)} TEMPLATE {Quote(source)}");
    }

    public async Task AnalyzeAsync(string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString(name)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            // Without FORCE first: DROP DATABASE stops an autovacuum worker of the database by itself, while
            // WITH (FORCE) refuses to, as a superuser's process (after the job's and the import's writes it often runs).
            await ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(name)}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)");
        }
    }

    private async Task<NpgsqlConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenServerAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

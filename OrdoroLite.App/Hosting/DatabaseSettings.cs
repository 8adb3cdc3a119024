using System.Data.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// Which database the app (and its commands) use, from configuration (docs/deployment.md):
/// <c>Database:Provider</c> = <c>Sqlite</c> (default: one file, <c>Database:Path</c>, else
/// ordorolite.db beside the content root) or <c>Postgres</c> (<c>ConnectionStrings:Postgres</c>,
/// or the environment variable <c>ConnectionStrings__Postgres</c>).
/// </summary>
/// <param name="Provider">A <see cref="IDatabaseProvider.Name"/>.</param>
/// <param name="Where">For people: the SQLite file's full path, or "PostgreSQL database X on host:port".</param>
public sealed record DatabaseSettings(string Provider, string ConnectionString, string Where)
{
    /// <exception cref="StartupException">The provider is unknown or its connection string is missing (a sentence).</exception>
    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] is { Length: > 0 } named ? named.Trim() : "Sqlite";
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var path = configuration["Database:Path"] ?? "ordorolite.db";
            var file = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
            return ForSqliteFile(file);
        }

        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new StartupException(
                    "Database:Provider is Postgres but no connection string is set: set ConnectionStrings:Postgres " +
                    "(or the environment variable ConnectionStrings__Postgres), e.g. \"Host=127.0.0.1;Database=ordorolite;Username=ordorolite;Password=…\".");
            }

            return new DatabaseSettings("Postgres", connectionString, DescribePostgres(connectionString));
        }

        throw new StartupException($"Database:Provider is \"{provider}\"; it must be Sqlite (the default) or Postgres.");
    }

    /// <summary>One SQLite file (the <c>seed</c> and <c>bench</c> commands name theirs).</summary>
    public static DatabaseSettings ForSqliteFile(string file) => new("Sqlite", $"Data Source={file};Pooling=True", file);

    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            string Part(string key, string fallback) => parts.TryGetValue(key, out var value) && value is not null ? value.ToString()! : fallback;
            return $"PostgreSQL database \"{Part("Database", Part("Username", "?"))}\" on {Part("Host", "localhost")}:{Part("Port", "5432")}";
        }
        catch (ArgumentException)
        {
            throw new StartupException("ConnectionStrings:Postgres is not a connection string of the form Host=…;Database=…;Username=…;Password=….");
        }
    }
}

/// <summary>The app cannot start as configured; the message is one sentence for the person starting it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

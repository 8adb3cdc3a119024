using System.Data.Common;
using OrdoroLite.App.Hosting.Benchmarks.RawSql;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>The database under benchmark: plain connections for the raw twins, and the twins for its provider.</summary>
internal sealed class BenchDatabase(IDatabaseProvider provider, string connectionString)
{
    public IDatabaseProvider Provider => provider;

    public string ConnectionString => connectionString;

    public IRawSql Raw { get; } = RawSqlFor.Provider(provider.Name);

    /// <summary>An opened connection with the app's per-connection settings.</summary>
    public Task<DbConnection> OpenAsync() => provider.OpenConnectionAsync(connectionString, CancellationToken.None);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

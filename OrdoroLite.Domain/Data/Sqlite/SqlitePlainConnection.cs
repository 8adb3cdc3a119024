using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// EF Core's SQLite connection without the eleven SQL functions and one collation it registers on
/// every open (ef_add, ef_sum, regexp, EF_DECIMAL, …): they serve decimal columns and
/// Regex.IsMatch, which this model does not use (a test keeps decimals out), and registering them
/// cost about 37 µs per open, a tenth of an Orders grid page. A query that needed one would fail
/// loudly with "no such function".
/// </summary>
#pragma warning disable EF1001 // EF's own connection type is internal API; only its factory method is replaced.
internal sealed class SqlitePlainConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    protected override DbConnection CreateDbConnection() => new SqliteConnection(GetValidatedConnectionString());
}

internal static class SqlitePlainConnections
{
    public static DbContextOptionsBuilder UsePlainSqliteConnections(this DbContextOptionsBuilder options) =>
        options.ReplaceService<ISqliteRelationalConnection, SqlitePlainConnection>();
}
#pragma warning restore EF1001

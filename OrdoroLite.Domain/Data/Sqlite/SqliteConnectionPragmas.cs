using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>Applies <see cref="SqliteStatements.ConnectionPragmas"/> to every connection EF opens.</summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.ConnectionPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

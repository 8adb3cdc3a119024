using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// SQLite's side of <see cref="IStoreDialect"/>. SQLite has one writer at a time: a write
/// transaction normally takes the write lock before its first read (BEGIN IMMEDIATE), so two
/// operations never decide on the same state. The rules do not rely on it: with
/// <see cref="Deferred"/> (the lock taken at the first write, as the tests check) a writer whose
/// snapshot went stale fails with SQLITE_BUSY and the operation runs again. Rows are written by
/// one prepared statement per set, executed per row: in-process, that is as fast as SQLite goes.
/// </summary>
public sealed class SqliteDialect : IStoreDialect
{
    /// <summary>The write lock before the first read (BEGIN IMMEDIATE): what the app uses.</summary>
    public static readonly SqliteDialect Immediate = new(deferred: false);

    /// <summary>The write lock at the first write (BEGIN): for tests proving the rules hold without the early lock.</summary>
    public static readonly SqliteDialect Deferred = new(deferred: true);

    private readonly bool _deferred;

    private SqliteDialect(bool deferred) => _deferred = deferred;

    /// <inheritdoc />
    public async Task<IDbContextTransaction> BeginWriteAsync(DatabaseFacade database, CancellationToken ct)
    {
        try
        {
            await database.OpenConnectionAsync(ct);
            await using (var cache = database.GetDbConnection().CreateCommand())
            {
                cache.CommandText = SqliteStatements.WriteCache;
                await cache.ExecuteNonQueryAsync(ct);
            }

            if (!_deferred)
            {
                return await database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            }

            var connection = (SqliteConnection)database.GetDbConnection();
            return await database.UseTransactionAsync(connection.BeginTransaction(deferred: true), ct)
                ?? throw new InvalidOperationException("EF did not take the transaction.");
        }
        catch (Exception e) when (Locked(e))
        {
            // Waited busy_timeout for another writer's lock before reading anything.
            throw new WriteBusyException(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// After the transaction began, SQLITE_BUSY means this transaction's snapshot went stale (a
    /// deferred transaction whose first write came after another writer's commit): run it again.
    /// </remarks>
    public bool IsConflict(Exception exception) => exception is not WriteBusyException && Locked(exception);

    /// <inheritdoc />
    public bool IsBusy(Exception exception) => exception is WriteBusyException;

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock (or wrote since this transaction's snapshot).</summary>
    private static bool Locked(Exception e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 }
        || e.InnerException is { } inner && Locked(inner);

    /// <summary>The write lock could not be had within the wait.</summary>
    private sealed class WriteBusyException(Exception inner) : Exception("SQLite stayed locked by another writer.", inner);

    /// <inheritdoc />
    public async Task<long[]> ReserveKeysAsync(RowTarget target, string table, string keyColumn, int count, CancellationToken ct)
    {
        // Under the write lock the largest key is ours to continue from; sqlite_sequence keeps
        // AUTOINCREMENT's high-water mark, which would matter only if rows had been deleted.
        await using var command = Command(target, $"""
            SELECT MAX(COALESCE((SELECT MAX("{keyColumn}") FROM "{table}"), 0),
                       COALESCE((SELECT "seq" FROM sqlite_sequence WHERE "name" = '{table}'), 0))
            """);
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var keys = new long[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = last + 1 + i;
        }

        return keys;
    }

    /// <inheritdoc />
    public Task InsertAsync(RowTarget target, RowSet rows, CancellationToken ct)
    {
        var columns = rows.Columns;
        var sql = $"INSERT INTO {Quote(rows.Table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) " +
                  $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        Execute(target, sql, columns, rows.Rows);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> UpdateAsync(RowTarget target, string table, IReadOnlyList<Column> setColumns, IReadOnlyList<Column> whereColumns,
        IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var sql = $"UPDATE {Quote(table)} SET {string.Join(", ", setColumns.Select((c, i) => $"{Quote(c.Name)} = @p{i}"))} " +
                  $"WHERE {string.Join(" AND ", whereColumns.Select((c, i) => $"{Quote(c.Name)} = @p{setColumns.Count + i}"))}";
        return Task.FromResult(Execute(target, sql, [.. setColumns, .. whereColumns], rows));
    }

    /// <inheritdoc />
    public Task AddAsync(RowTarget target, RowSet rows, CancellationToken ct)
    {
        var columns = rows.Columns;
        var keys = columns.Where(c => c.IsKey).Select(c => Quote(c.Name));
        var sums = columns.Where(c => !c.IsKey).Select(c => $"{Quote(c.Name)} = {Quote(rows.Table)}.{Quote(c.Name)} + excluded.{Quote(c.Name)}");
        var sql = $"INSERT INTO {Quote(rows.Table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) " +
                  $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}) " +
                  $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {string.Join(", ", sums)}";
        Execute(target, sql, columns, rows.Rows);
        return Task.CompletedTask;
    }

    /// <summary>One prepared statement, executed once per row; returns the rows it changed in all.</summary>
    private static int Execute(RowTarget target, string sql, IReadOnlyList<Column> columns, IReadOnlyList<object?[]> rows)
    {
        using var command = Command(target, sql);
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[i] = columns[i].Mapping.CreateParameter(command, $"@p{i}", null, nullable: true);
            command.Parameters.Add(parameters[i]);
        }

        command.Prepare();
        var changed = 0;
        try
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = row[i] ?? DBNull.Value;
                }

                changed += command.ExecuteNonQuery();
            }
        }
        catch (SqliteException e) when (!Locked(e))
        {
            throw new DbUpdateException($"Writing {sql[..Math.Min(sql.Length, 60)]}… failed: {e.Message}", e);
        }

        return changed;
    }

    private static DbCommand Command(RowTarget target, string sql)
    {
        var command = target.Connection.CreateCommand();
        command.Transaction = target.Transaction;
        command.CommandText = sql;
        return command;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace OrdoroLite.Domain.Data.Postgres;

/// <summary>
/// PostgreSQL's side of <see cref="IStoreDialect"/>. Write transactions are READ COMMITTED, and
/// what keeps two servers from both deciding on the same state is in the rows themselves: every
/// order is updated only <c>WHERE "Version" = @read</c> (a label, refund or channel request changes
/// only with its order's version), workers claim rows by conditional updates, check-then-insert
/// races end on a unique index (23505, treated as a conflict: the writer runs the operation again
/// and it then finds the other's row), and stock and report counts are added, <c>x = x + d</c>, under
/// the row lock. SERIALIZABLE would refuse most concurrent cancels for touching the same day's report
/// rows or a popular SKU's stock row (docs/performance.md, "PostgreSQL"). A deadlock (40P01) is run
/// again too; a lock held longer than <see cref="LockWait"/> gives the same sentence as on SQLite.
/// Rows go as sets: inserts by binary COPY, updates and additions as one statement over arrays
/// (<c>unnest</c>), one round trip each.
/// </summary>
public sealed class PostgresDialect : IStoreDialect
{
    public static readonly PostgresDialect Instance = new();

    /// <summary>How long a write waits for another writer's row lock before it gives up (as on SQLite).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    private const string SetLockWait = "SET LOCAL lock_timeout = '10s'";

    /// <inheritdoc />
    public async Task<IDbContextTransaction> BeginWriteAsync(DatabaseFacade database, CancellationToken ct)
    {
        var transaction = await database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        await database.ExecuteSqlRawAsync(SetLockWait, ct);
        return transaction;
    }

    /// <inheritdoc />
    public bool IsConflict(Exception exception) =>
        Find<PostgresException>(exception)?.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.UniqueViolation;

    /// <inheritdoc />
    public bool IsBusy(Exception exception) =>
        Find<PostgresException>(exception)?.SqlState is PostgresErrorCodes.LockNotAvailable;

    /// <inheritdoc />
    public async Task<long[]> ReserveKeysAsync(RowTarget target, string table, string keyColumn, int count, CancellationToken ct)
    {
        // Sequences are outside transactions: every server gets its own numbers, none is ever given twice.
        // The transaction takes its id first, in the same round trip, so that any outbox horizon that sees
        // a number taken also sees this transaction as running until it ends (PostgresOutboxHorizon).
        await using var command = Command(target, """
            SELECT pg_current_xact_id();
            SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)
            """);
        Add(command, "@table", Quote(table));
        Add(command, "@column", keyColumn);
        Add(command, "@count", count);
        var keys = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            keys[i] = reader.GetInt64(0);
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task InsertAsync(RowTarget target, RowSet rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)target.Connection;
        var types = rows.Columns.Select(c => BaseType(c.Mapping.StoreType)).ToArray();
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY {Quote(rows.Table)} ({string.Join(", ", rows.Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows.Rows)
        {
            await import.StartRowAsync(ct);
            for (var i = 0; i < types.Length; i++)
            {
                if (row[i] is null)
                {
                    await import.WriteNullAsync(ct);
                }
                else
                {
                    await import.WriteAsync(row[i], types[i], ct);
                }
            }
        }

        await import.CompleteAsync(ct);
    }

    /// <inheritdoc />
    public async Task<int> UpdateAsync(RowTarget target, string table, IReadOnlyList<Column> setColumns, IReadOnlyList<Column> whereColumns,
        IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var all = setColumns.Concat(whereColumns).ToList();
        var names = all.Select((_, i) => $"c{i}").ToList();
        await using var command = Command(target, $"""
            UPDATE {Quote(table)} AS "t"
            SET {string.Join(", ", setColumns.Select((c, i) => $"{Quote(c.Name)} = \"v\".\"c{i}\""))}
            FROM unnest({string.Join(", ", all.Select((c, i) => $"@c{i}"))}) AS "v"({string.Join(", ", names.Select(n => $"\"{n}\""))})
            WHERE {string.Join(" AND ", whereColumns.Select((c, i) => $"\"t\".{Quote(c.Name)} = \"v\".\"c{setColumns.Count + i}\""))}
            """);
        AddArrays(command, all, rows);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task AddAsync(RowTarget target, RowSet rows, CancellationToken ct)
    {
        var columns = rows.Columns;
        var table = Quote(rows.Table);
        await using var command = Command(target, $"""
            INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))})
            SELECT * FROM unnest({string.Join(", ", columns.Select((_, i) => $"@c{i}"))})
            ON CONFLICT ({string.Join(", ", columns.Where(c => c.IsKey).Select(c => Quote(c.Name)))}) DO UPDATE SET
            {string.Join(", ", columns.Where(c => !c.IsKey).Select(c => $"{Quote(c.Name)} = {table}.{Quote(c.Name)} + excluded.{Quote(c.Name)}"))}
            """);
        AddArrays(command, columns, rows.Rows);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One array parameter per column (@c0, @c1, …), typed by the column's store type.</summary>
    private static void AddArrays(NpgsqlCommand command, IReadOnlyList<Column> columns, IReadOnlyList<object?[]> rows)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var mapping = columns[i].Mapping;
            var clr = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            clr = Nullable.GetUnderlyingType(clr) ?? clr;
            var values = Array.CreateInstance(clr.IsValueType ? typeof(Nullable<>).MakeGenericType(clr) : clr, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                values.SetValue(rows[r][i], r);
            }

            command.Parameters.Add(new NpgsqlParameter($"@c{i}", values) { DataTypeName = BaseType(mapping.StoreType) + "[]" });
        }
    }

    /// <summary>"character varying(40)" → "text": the type without its length, for arrays and COPY.</summary>
    private static string BaseType(string storeType)
    {
        var name = storeType.Split('(')[0].Trim();
        return name is "character varying" or "varchar" ? "text" : name;
    }

    private static NpgsqlCommand Command(RowTarget target, string sql) =>
        new(sql, (NpgsqlConnection)target.Connection, (NpgsqlTransaction)target.Transaction);

    private static void Add(NpgsqlCommand command, string name, object value) => command.Parameters.AddWithValue(name, value);

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

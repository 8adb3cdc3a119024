using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.Domain.Data.Postgres;

/// <summary>
/// PostgreSQL's outbox horizon. Event ids come from a sequence, outside transactions, so they are
/// not visible in id order. A barrier fixes that: read the sequence's last value L, then (in a later
/// statement) take a snapshot S and a fresh transaction id N. A transaction takes its id before it
/// reserves event ids (<see cref="PostgresDialect.ReserveKeysAsync"/>), so every writer that holds
/// an id up to L has a transaction id below N, and at S it was either finished or one of: listed in
/// S as in progress, or numbered at or above S's xmax (PostgreSQL's xmax is one past the latest
/// <em>completed</em> transaction, so a running transaction newer than that is not listed). Once
/// every one of those is out of a new snapshot's in-progress set (not merely marked committed in
/// the commit log: a new snapshot may still count it as running for a moment after that), every
/// event up to L is visible or never will be: L is safe. Barriers are checked at once and, when
/// some writer is still running, on the next call. Only this database's writers are waited for: a
/// snapshot lists the whole server's. (Events that make no webhook — comments, re-import notes — may
/// still appear below L; they are never sent.)
/// </summary>
internal sealed class PostgresOutboxHorizon : IOutboxHorizon
{
    private readonly Lock _gate = new();
    private (long Last, string Snapshot, long Next)? _pending;
    private long _safe;

    public string ProviderName => "Postgres";

    public async Task<long> SafeEventIdAsync(OrdoroDbContext db, CancellationToken ct)
    {
        (long Last, string Snapshot, long Next)? pending;
        lock (_gate)
        {
            pending = _pending;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (pending is null)
            {
                // Two statements: the snapshot must be taken after the sequence is read. The transaction id
                // (one per barrier) is taken after the snapshot, in the same statement.
                var last = await ScalarAsync<long?>(connection,
                    """SELECT pg_sequence_last_value(pg_get_serial_sequence('"OrderEvents"', 'Id')::regclass)""", null, ct) ?? 0;
                var barrier = await ScalarAsync<string>(connection,
                    "SELECT pg_current_snapshot()::text || '/' || pg_current_xact_id()::text", null, ct);
                var parts = barrier!.Split('/');
                pending = (last, parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture));
            }

            // A transaction seen running in another database of the server cannot write our events: it is
            // not waited for (a long import or a bench seeding next door would otherwise hold every webhook
            // back). One whose database is not visible to us (another role's session) is waited for.
            var done = await ScalarAsync<bool>(connection, """
                SELECT NOT EXISTS (
                    SELECT 1 FROM (
                        SELECT x FROM pg_snapshot_xip(@snapshot::pg_snapshot) AS x
                        UNION ALL
                        SELECT n::text::xid8 FROM generate_series(pg_snapshot_xmax(@snapshot::pg_snapshot)::text::bigint, @next - 1) AS n
                    ) AS running (x)
                    WHERE NOT pg_visible_in_snapshot(x, pg_current_snapshot())
                      AND NOT EXISTS (
                          SELECT 1 FROM pg_stat_activity AS a
                          WHERE a.backend_xid = ((x::text::bigint % 4294967296)::text)::xid
                            AND a.datname IS DISTINCT FROM current_database()))
                """, pending.Value.Snapshot, pending.Value.Next, ct);
            lock (_gate)
            {
                if (done)
                {
                    _safe = Math.Max(_safe, pending.Value.Last);
                    _pending = null;
                }
                else
                {
                    _pending = pending;
                }

                return _safe;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task<T?> ScalarAsync<T>(DbConnection connection, string sql, string? snapshot, CancellationToken ct) =>
        ScalarAsync<T>(connection, sql, snapshot, null, ct);

    private static async Task<T?> ScalarAsync<T>(DbConnection connection, string sql, string? snapshot, long? next, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (snapshot is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "snapshot";
            parameter.Value = snapshot;
            command.Parameters.Add(parameter);
        }

        if (next is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "next";
            parameter.Value = next.Value;
            command.Parameters.Add(parameter);
        }

        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.Domain.Data.Postgres;

/// <summary>
/// PostgreSQL's outbox horizon. Event ids come from a sequence, outside transactions, so they are
/// not visible in id order. A barrier fixes that: read the sequence's last value L, then take a
/// snapshot S (in that order). Every transaction that reserved an id up to L did so before S was
/// taken; a transaction that writes a webhook-making event has written its order row before it
/// reserves event ids (the one writer updates or inserts orders first, Data/StoreWriter), so it had
/// a transaction id by then and is either finished at S or listed in S as in progress. Once every
/// transaction listed in S has ended, every such event up to L is visible or never will be: L is
/// safe. Barriers are checked at once and, when some writer is still running, on the next call.
/// Only this database's writers are waited for: the snapshot lists the whole server's.
/// (Events that make no webhook — comments, re-import notes — may still appear below L; they are
/// never sent.)
/// </summary>
internal sealed class PostgresOutboxHorizon : IOutboxHorizon
{
    private readonly Lock _gate = new();
    private (long Last, string Snapshot)? _pending;
    private long _safe;

    public string ProviderName => "Postgres";

    public async Task<long> SafeEventIdAsync(OrdoroDbContext db, CancellationToken ct)
    {
        (long Last, string Snapshot)? pending;
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
                // Two statements: the snapshot must be taken after the sequence is read.
                var last = await ScalarAsync<long?>(connection,
                    """SELECT pg_sequence_last_value(pg_get_serial_sequence('"OrderEvents"', 'Id')::regclass)""", null, ct) ?? 0;
                var snapshot = await ScalarAsync<string>(connection, "SELECT pg_current_snapshot()::text", null, ct);
                pending = (last, snapshot!);
            }

            // A transaction seen running in another database of the server cannot write our events: it is
            // not waited for (a long import or a bench seeding next door would otherwise hold every webhook
            // back). One whose database is not visible to us (another role's session) is waited for.
            var done = await ScalarAsync<bool>(connection, """
                SELECT NOT EXISTS (
                    SELECT 1 FROM pg_snapshot_xip(@snapshot::pg_snapshot) AS x
                    WHERE pg_xact_status(x) = 'in progress'
                      AND NOT EXISTS (
                          SELECT 1 FROM pg_stat_activity AS a
                          WHERE a.backend_xid = ((x::text::bigint % 4294967296)::text)::xid
                            AND a.datname IS DISTINCT FROM current_database()))
                """, pending.Value.Snapshot, ct);
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

    private static async Task<T?> ScalarAsync<T>(DbConnection connection, string sql, string? snapshot, CancellationToken ct)
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

        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Api;

/// <summary>How long keys are kept and how long a repeat waits for the first request; section "Api:Idempotency".</summary>
public sealed class IdempotencyOptions
{
    /// <summary>A key is remembered at least this long after its first use (docs/api.md promises 24 hours).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The first request's claim: longer than any write takes (10,000 orders plus four attempts
    /// take well under a minute). Past it without a response, the first request's server stopped.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A repeat that arrives while the first request runs waits this long for its response, then gets 409.</summary>
    public TimeSpan WaitForFirst { get; set; } = TimeSpan.FromSeconds(60);
}

public enum ClaimOutcome
{
    /// <summary>This request holds the key: run the write, then <see cref="IdempotencyKeys.CompleteAsync"/> or <see cref="IdempotencyKeys.ReleaseAsync"/>.</summary>
    Claimed,

    /// <summary>The key was used with the same request, which finished: send its response again, do nothing.</summary>
    Replay,

    /// <summary>The key was used with another request (method, path or body): 422.</summary>
    Mismatch,

    /// <summary>The first request with this key still runs after <see cref="IdempotencyOptions.WaitForFirst"/>: 409.</summary>
    StillRunning,

    /// <summary>The first request's server stopped before it answered; whether it changed anything is not known: 409.</summary>
    Interrupted,
}

/// <param name="RecordId">The claimed record (Claimed only).</param>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, long RecordId = 0, int StatusCode = 0, string? ContentType = null, string? Body = null);

/// <summary>
/// The Idempotency-Key of API writes, in the database so it holds across requests that arrive at
/// once and across app servers: a request first inserts its key under the unique index
/// (API key, Idempotency-Key); only the request whose insert succeeds runs the write. The others
/// wait for its response and send the same one.
/// </summary>
public sealed class IdempotencyKeys(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, IdempotencyOptions options)
{
    /// <summary>Claims the key, or says what an earlier request with it did.</summary>
    /// <param name="requestHash">Hex SHA-256 of what makes the request (method, path, body).</param>
    public async Task<IdempotencyClaim> ClaimAsync(int apiKeyId, string key, string requestHash, CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var existing = await FindAsync(apiKeyId, key, ct);
            if (existing is null)
            {
                (existing, var mine) = await TryInsertAsync(apiKeyId, key, requestHash, ct);
                if (mine)
                {
                    return new IdempotencyClaim(ClaimOutcome.Claimed, existing.Id);
                }
            }

            var now = clock.GetUtcNow();
            if (existing.RequestHash != requestHash)
            {
                return new IdempotencyClaim(ClaimOutcome.Mismatch);
            }

            if (existing.CompletedAt is not null)
            {
                return new IdempotencyClaim(ClaimOutcome.Replay, existing.Id, existing.StatusCode ?? 200, existing.ContentType, existing.ResponseBody);
            }

            if (existing.LeaseUntil < now)
            {
                return new IdempotencyClaim(ClaimOutcome.Interrupted);
            }

            if (now - started >= options.WaitForFirst)
            {
                return new IdempotencyClaim(ClaimOutcome.StillRunning);
            }

            await Task.Delay(pause, clock, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(250, pause.TotalMilliseconds * 2));
        }
    }

    /// <summary>Stores the claimed request's response, for repeats.</summary>
    public async Task CompleteAsync(long recordId, int statusCode, string contentType, string body, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        await db.IdempotencyRecords.Where(r => r.Id == recordId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.StatusCode, statusCode)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.ResponseBody, body), ct);
    }

    /// <summary>
    /// Forgets the claim of a request that changed nothing (refused input, a rule, a busy database),
    /// so nothing is written on an error and the client may send it again with the same key.
    /// </summary>
    public async Task ReleaseAsync(long recordId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.Id == recordId && r.CompletedAt == null).ExecuteDeleteAsync(ct);
    }

    /// <summary>Removes keys older than <see cref="IdempotencyOptions.Retention"/> whose request has finished or stopped; returns how many.</summary>
    public async Task<int> CleanupAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var before = now - options.Retention;
        return await db.IdempotencyRecords
            .Where(r => r.CreatedAt < before && (r.CompletedAt != null || r.LeaseUntil < now))
            .ExecuteDeleteAsync(ct);
    }

    private async Task<IdempotencyRecord?> FindAsync(int apiKeyId, string key, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, ct);
    }

    /// <summary>Inserts the claim: the record, and whether this request inserted it (else another request did first).</summary>
    private Task<(IdempotencyRecord Record, bool Mine)> TryInsertAsync(int apiKeyId, string key, string requestHash, CancellationToken ct) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            // Read again inside the write transaction: on SQLite the write lock is held; on PostgreSQL the
            // unique index refuses the second of two concurrent inserts (23505), and the writer runs this
            // again, which then finds the first request's record (OrdoroStore, PostgresDialect.IsConflict).
            var first = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, token);
            if (first is not null)
            {
                return (first, false);
            }

            var now = clock.GetUtcNow();
            var record = new IdempotencyRecord(apiKeyId, key, requestHash, now, now + options.Lease);
            db.IdempotencyRecords.Add(record);
            await db.SaveChangesAsync(token);
            return (record, true);
        }, ct);
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// SQLite's outbox horizon: the newest event id. A writer reserves its event ids as MAX(Id) + 1
/// while it holds SQLite's one write lock (<see cref="SqliteDialect.ReserveKeysAsync"/>), so events
/// become visible in id order and nothing can appear below an id already seen.
/// </summary>
internal sealed class SqliteOutboxHorizon : IOutboxHorizon
{
    public string ProviderName => "Sqlite";

    public async Task<long> SafeEventIdAsync(OrdoroDbContext db, CancellationToken ct) =>
        await db.OrderEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
}

using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>
/// How far the timeline can be read as an outbox: the highest event id at or below which every
/// webhook-making event that will ever exist is already visible. On SQLite that is simply the
/// newest id (keys are taken under the write lock, so ids commit in order). On PostgreSQL ids come
/// from a sequence outside transactions, so a transaction may commit id 100 after another
/// committed 101; reading past 101 then would skip 100 forever. One implementation per provider,
/// in <c>Data/&lt;Provider&gt;/</c>, found by <see cref="ProviderName"/>.
/// </summary>
public interface IOutboxHorizon
{
    /// <summary>The <see cref="IDatabaseProvider.Name"/> this horizon serves.</summary>
    string ProviderName { get; }

    /// <summary>The safe event id now (0 or more); it never goes back.</summary>
    Task<long> SafeEventIdAsync(OrdoroDbContext db, CancellationToken ct);
}

/// <summary>The horizons of this assembly, by provider name.</summary>
public static class OutboxHorizons
{
    /// <summary>A new horizon for the named provider (one per process: it may remember what it waits for).</summary>
    /// <exception cref="ArgumentException">No horizon for that provider.</exception>
    public static IOutboxHorizon For(string providerName) =>
        typeof(IOutboxHorizon).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOutboxHorizon).IsAssignableFrom(t))
            .Select(t => (IOutboxHorizon)Activator.CreateInstance(t, nonPublic: true)!)
            .FirstOrDefault(h => string.Equals(h.ProviderName, providerName, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No outbox horizon for the database provider \"{providerName}\".");
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// The per-tab counts, shared by every open Orders screen. Counting a million orders by status
/// reads the whole (Status, OrderDate) index (about half a second), so the result is kept: after
/// <see cref="MaxAge"/> the old counts are still served while one background count refreshes
/// them (changes made outside the app, such as an import job, show up that way), and when the
/// app itself changes orders, <see cref="Invalidate"/> makes the next reader wait for a recount.
/// </summary>
public sealed class OrderTabCounts(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;
    private int _version;
    private int _refreshing;

    public async Task<IReadOnlyDictionary<OrderTab, int>> GetAsync(CancellationToken ct = default)
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            if (clock.GetUtcNow() - snapshot.At >= MaxAge && Interlocked.Exchange(ref _refreshing, 1) == 0)
            {
                _ = RefreshInBackgroundAsync();
            }

            return snapshot.Counts;
        }

        // Nothing to serve: one reader counts, the others wait for its result instead of counting too.
        await _gate.WaitAsync(ct);
        try
        {
            return _snapshot?.Counts ?? await CountAndKeepAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
    }

    private async Task RefreshInBackgroundAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await CountAndKeepAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // The old counts stay until the next try; the grid itself does not depend on them.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<OrderTab, int>> CountAndKeepAsync(CancellationToken ct)
    {
        var version = Volatile.Read(ref _version);
        var counts = await CountAsync(ct);
        // An Invalidate during the count means the result may miss that change: do not keep it.
        if (version == Volatile.Read(ref _version))
        {
            _snapshot = new Snapshot(counts, clock.GetUtcNow());
        }

        return counts;
    }

    private async Task<IReadOnlyDictionary<OrderTab, int>> CountAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One pass over the (Status, OrderDate) index, never over the table.
        var byStatus = await db.Orders
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var counts = OrderTabs.All.ToDictionary(
            t => t,
            t => byStatus.Where(s => s.Status == t.Status()).Sum(s => s.Count));
        counts[OrderTab.All] = byStatus.Sum(s => s.Count);
        return counts;
    }

    private sealed record Snapshot(IReadOnlyDictionary<OrderTab, int> Counts, DateTimeOffset At);
}

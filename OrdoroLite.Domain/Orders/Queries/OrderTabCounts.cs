using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// The per-tab counts, shared by every open Orders screen. Counting a million orders by status
/// reads the whole (Status, OrderDate) index (tens to hundreds of milliseconds), so the result is
/// kept with the change number it was started at. <see cref="Invalidate"/> (called after a change
/// commits, here or on another server) moves the change number on; a reader is served any count
/// that started at or after the change number it saw on arrival, so it always sees every change
/// made before it asked, and while changes keep coming, waiting readers share one recount instead
/// of each discarding its own (at most the one in flight plus one more). After <see cref="MaxAge"/>
/// the kept counts are still served while one background count refreshes them (changes made
/// outside the app show up that way).
/// </summary>
public sealed class OrderTabCounts(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;
    private long _version;
    private int _refreshing;

    public async Task<IReadOnlyDictionary<OrderTab, int>> GetAsync(CancellationToken ct = default)
    {
        var wanted = Interlocked.Read(ref _version);
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.Version >= wanted)
        {
            if (clock.GetUtcNow() - snapshot.At >= MaxAge && Interlocked.Exchange(ref _refreshing, 1) == 0)
            {
                _ = RefreshInBackgroundAsync();
            }

            return snapshot.Counts;
        }

        // One reader counts; the others wait for its result, and take it if it started after they arrived.
        await _gate.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            return snapshot is not null && snapshot.Version >= wanted ? snapshot.Counts : await CountAndKeepAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Orders changed (the change is committed): the next reader gets counts started after this call.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

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

    /// <summary>Counts now and keeps the result with the change number it started at (under the gate).</summary>
    private async Task<IReadOnlyDictionary<OrderTab, int>> CountAndKeepAsync(CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        var counts = await CountAsync(ct);
        _snapshot = new Snapshot(counts, clock.GetUtcNow(), version);
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

    private sealed record Snapshot(IReadOnlyDictionary<OrderTab, int> Counts, DateTimeOffset At, long Version);
}

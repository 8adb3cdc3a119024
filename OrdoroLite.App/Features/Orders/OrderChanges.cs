using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// Tells every open Orders screen that orders changed, so grids and counts refresh without a
/// reload: on this server at once, and on the other servers of the same database through the
/// provider's change feed (PostgreSQL's LISTEN/NOTIFY; <see cref="OrderChangesListener"/> hears them).
/// </summary>
public sealed class OrderChanges(OrderTabCounts tabCounts, IChangeFeed feed, ILogger<OrderChanges> logger)
{
    public event Action<IReadOnlyCollection<int>>? Changed;

    /// <summary>A change made on this server: refresh here, and tell the other servers.</summary>
    public void Publish(IReadOnlyCollection<int> orderNumbers)
    {
        PublishHere(orderNumbers);
        _ = TellOthersAsync(orderNumbers);
    }

    /// <summary>A change another server made (or one of unknown orders, when empty): refresh here only.</summary>
    public void PublishHere(IReadOnlyCollection<int> orderNumbers)
    {
        // Counts first, so every screen that refreshes on this event counts afresh.
        tabCounts.Invalidate();
        Changed?.Invoke(orderNumbers);
    }

    private async Task TellOthersAsync(IReadOnlyCollection<int> orderNumbers)
    {
        try
        {
            await feed.PublishAsync(orderNumbers, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Best effort: the other servers' screens refresh on the next change they hear of, or on reload.
            logger.LogWarning(e, "Could not tell the other servers that {Count} order(s) changed.", orderNumbers.Count);
        }
    }
}

/// <summary>Hears the changes other servers publish and refreshes this server's screens.</summary>
public sealed class OrderChangesListener(IChangeFeed feed, OrderChanges changes, ILogger<OrderChangesListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await feed.ListenAsync(changes.PublishHere, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Listening for other servers' changes stopped; open screens refresh only on their own server's changes.");
        }
    }
}

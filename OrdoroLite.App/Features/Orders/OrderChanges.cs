using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// Tells every open Orders screen of this server that orders changed, so grids and counts
/// refresh without a reload. In-process only: a second server would need a shared bus.
/// </summary>
public sealed class OrderChanges(OrderTabCounts tabCounts)
{
    public event Action<IReadOnlyCollection<int>>? Changed;

    public void Publish(IReadOnlyCollection<int> orderNumbers)
    {
        // Counts first, so every screen that refreshes on this event counts afresh.
        tabCounts.Invalidate();
        Changed?.Invoke(orderNumbers);
    }
}

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// Tells every open Orders screen of this server that orders changed, so grids and counts
/// refresh without a reload. In-process only: a second server would need a shared bus.
/// </summary>
public sealed class OrderChanges
{
    public event Action<IReadOnlyCollection<int>>? Changed;

    public void Publish(IReadOnlyCollection<int> orderNumbers) => Changed?.Invoke(orderNumbers);
}

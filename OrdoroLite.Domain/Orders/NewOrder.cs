using OrdoroLite.Domain.Products;

namespace OrdoroLite.Domain.Orders;

/// <summary>An order as a sales channel sends it, before it is ours.</summary>
/// <param name="CancelledOnChannel">The channel sends it already cancelled (docs/channels.md, "In"): it is stored Cancelled, committing nothing.</param>
public sealed record NewOrder(
    string Channel,
    string ChannelOrderId,
    DateTimeOffset OrderDate,
    string CustomerName,
    string CustomerEmail,
    Address ShipTo,
    int WarehouseId,
    IReadOnlyList<NewOrderLine> Lines,
    bool CancelledOnChannel = false);

public sealed record NewOrderLine(Product Product, int Quantity, long UnitPriceCents);

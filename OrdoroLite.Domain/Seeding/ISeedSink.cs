using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Seeding;

/// <summary>
/// Where the generator's rows go. Rows carry their own ids (the database is new), and arrive
/// parent before child: warehouses, products, then each order followed by its lines, labels,
/// refund requests and events, and the inventory levels last (they sum up all the orders).
/// </summary>
public interface ISeedSink
{
    void Warehouse(int id, string name);

    void Product(int id, string sku, string name, bool isDropshipped);

    void Order(SeedOrder order);

    void Line(int id, int orderNumber, int productId, string sku, int quantity, long unitPriceCents);

    void Label(SeedLabel label);

    void Refund(int id, int labelId, int orderNumber, string carrier, long amountCents, string idempotencyKey,
        DateTimeOffset requestedAt);

    void Event(long id, int orderNumber, OrderEventType type, Actor actor, DateTimeOffset at, CancelReason? reason,
        string? comment, string? detail, IReadOnlyList<InventoryChange> inventoryChanges);

    void Inventory(int productId, int warehouseId, int physicalOnHand, int committed);
}

/// <summary>An order row as the Orders table holds it, the latest cancellation included.</summary>
public sealed record SeedOrder(
    int Number,
    string Channel,
    string ChannelOrderId,
    DateTimeOffset OrderDate,
    string CustomerName,
    string CustomerEmail,
    Address ShipTo,
    int WarehouseId,
    OrderStatus Status,
    string? HandTrackingNumber,
    int ItemCount,
    long TotalCents,
    OrderStatus? StatusBeforeCancel,
    bool LabelDeletedAtCancel,
    DateTimeOffset? CancelledAt,
    Actor? CancelledBy,
    CancelReason? CancelReason,
    string? CancelComment);

public sealed record SeedLabel(
    int Id,
    int OrderNumber,
    string Carrier,
    string Service,
    string TrackingNumber,
    long CostCents,
    DateTimeOffset CreatedAt,
    LabelState State,
    DateTimeOffset? DeletedAt);

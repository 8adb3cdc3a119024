using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;

namespace OrdoroLite.Domain.Orders;

/// <summary>
/// One entry of an order's timeline. Append-only: nothing here can change after it is written,
/// and the database refuses UPDATE and DELETE on the table (the history guards, in the migrations).
/// </summary>
public sealed class OrderEvent
{
    public const int DetailMaxLength = 500;

    private OrderEvent()
    {
        ActorId = "";
        ActorName = "";
    }

    internal OrderEvent(
        OrderEventType type,
        Actor actor,
        DateTimeOffset at,
        CancelReason? reason = null,
        string? comment = null,
        string? detail = null,
        IReadOnlyList<InventoryChange>? inventoryChanges = null)
    {
        Type = type;
        ActorId = actor.Id;
        ActorName = actor.Name;
        At = at.ToUniversalTime();
        Reason = reason;
        Comment = comment;
        Detail = detail is { Length: > DetailMaxLength } ? detail[..DetailMaxLength] : detail;
        InventoryChanges = inventoryChanges?.ToList() ?? [];
    }

    /// <summary>An event written without loading its order (the refund worker's steps).</summary>
    internal static OrderEvent ForOrder(int orderNumber, OrderEventType type, Actor actor, DateTimeOffset at, string detail) =>
        new(type, actor, at, detail: detail) { OrderNumber = orderNumber };

    /// <summary>0 until the writer stores the event; events of one instant keep their written order by id.</summary>
    public long Id { get; private set; }

    public int OrderNumber { get; private set; }

    public OrderEventType Type { get; private set; }

    public string ActorId { get; private set; }

    /// <summary>Copied at the time of the event, so the timeline keeps the name even if the person leaves.</summary>
    public string ActorName { get; private set; }

    public DateTimeOffset At { get; private set; }

    public CancelReason? Reason { get; private set; }

    public string? Comment { get; private set; }

    /// <summary>Machine-written context: the import file, the carrier's reason, a label's tracking number.</summary>
    public string? Detail { get; private set; }

    /// <summary>What the event did to stock (stored as JSON on the event).</summary>
    public IReadOnlyList<InventoryChange> InventoryChanges { get; private set; } = [];

    internal void BelongsTo(int orderNumber) => OrderNumber = orderNumber;

    internal void Stored(long id) => Id = id;
}

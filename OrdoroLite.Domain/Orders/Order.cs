using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;

namespace OrdoroLite.Domain.Orders;

/// <summary>
/// An order and the rules of shared/spec/CANCELLATION.md. Every state change is a method that
/// checks its precondition first and only then changes anything, so a refused change leaves
/// the order exactly as it was.
/// </summary>
public sealed class Order
{
    public const int ChannelMaxLength = 40;
    public const int ChannelOrderIdMaxLength = 100;
    public const int CustomerNameMaxLength = 200;
    public const int EmailMaxLength = 320;

    private Order()
    {
        Channel = "";
        ChannelOrderId = "";
        CustomerName = "";
        CustomerEmail = "";
        ShipTo = new Address("", "", "", "", "");
    }

    public int Number { get; private set; }

    public string Channel { get; private set; }

    public string ChannelOrderId { get; private set; }

    public DateTimeOffset OrderDate { get; private set; }

    public string CustomerName { get; private set; }

    public string CustomerEmail { get; private set; }

    public Address ShipTo { get; private set; }

    /// <summary>The originating warehouse: every inventory effect of this order lands here.</summary>
    public int WarehouseId { get; private set; }

    public OrderStatus Status { get; private set; }

    /// <summary>Tracking typed in by hand when the order was shipped without a label.</summary>
    public string? HandTrackingNumber { get; private set; }

    public int ItemCount { get; private set; }

    public long TotalCents { get; private set; }

    // The latest cancellation, kept on the order so the Cancelled tab needs no join;
    // the timeline holds the full history.
    public OrderStatus? StatusBeforeCancel { get; private set; }

    public bool LabelDeletedAtCancel { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelledById { get; private set; }

    public string? CancelledByName { get; private set; }

    public CancelReason? CancelReason { get; private set; }

    public string? CancelComment { get; private set; }

    public List<OrderLine> Lines { get; private set; } = [];

    public List<Label> Labels { get; private set; } = [];

    public List<OrderEvent> Events { get; private set; } = [];

    public Label? ActiveLabel => Labels.SingleOrDefault(l => l.IsActive);

    public static Order Import(NewOrder data, Actor by, DateTimeOffset at, InventoryBook book, string source)
    {
        if (data.Lines.Count == 0)
        {
            throw new DomainException($"Order {data.ChannelOrderId} from {data.Channel} has no lines.");
        }

        if (data.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad)
        {
            throw new DomainException($"SKU {bad.Product.Sku} has quantity {bad.Quantity}; quantities must be at least 1.");
        }

        var order = new Order
        {
            Channel = data.Channel,
            ChannelOrderId = data.ChannelOrderId,
            OrderDate = data.OrderDate.ToUniversalTime(),
            CustomerName = data.CustomerName,
            CustomerEmail = data.CustomerEmail,
            ShipTo = data.ShipTo,
            WarehouseId = data.WarehouseId,
            Status = data.Lines.All(l => l.Product.IsDropshipped)
                ? OrderStatus.DropshipmentRequested
                : OrderStatus.AwaitingFulfillment,
            Lines = data.Lines.Select(l => new OrderLine(l.Product.Id, l.Product.Sku, l.Quantity, l.UnitPriceCents)).ToList(),
            ItemCount = data.Lines.Sum(l => l.Quantity),
            TotalCents = data.Lines.Sum(l => l.Quantity * l.UnitPriceCents),
        };
        var changes = order.Move(book, physicalOnHandSign: 0, committedSign: +1);
        order.Events.Add(new OrderEvent(OrderEventType.Imported, by, at, detail: source, inventoryChanges: changes));
        return order;
    }

    public string? WhyCannotCancel() =>
        Status == OrderStatus.Cancelled ? "already cancelled" : null;

    public bool CanCancel => WhyCannotCancel() is null;

    /// <param name="deleteLabel">The dialog's "Delete associated shipping label and tracking info"; only matters when the order has an Active label.</param>
    public void Cancel(CancelReason? reason, string? comment, bool deleteLabel, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotCancel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        var changes = new List<InventoryChange>();
        var label = ActiveLabel;
        if (Status.IsOpen())
        {
            changes = Move(book, physicalOnHandSign: 0, committedSign: -1);
        }
        else if (label is not null && deleteLabel)
        {
            changes = Move(book, physicalOnHandSign: +1, committedSign: 0);
        }

        StatusBeforeCancel = Status;
        LabelDeletedAtCancel = label is not null && deleteLabel;
        Status = OrderStatus.Cancelled;
        CancelledAt = at.ToUniversalTime();
        CancelledById = by.Id;
        CancelledByName = by.Name;
        CancelReason = reason;
        CancelComment = comment;
        Events.Add(new OrderEvent(OrderEventType.Cancelled, by, at, reason, comment, inventoryChanges: changes));
        if (LabelDeletedAtCancel)
        {
            RecordLabelDeletion(label!, by, at, comment: null);
        }
    }

    public string? WhyCannotRestore() =>
        Status == OrderStatus.Cancelled ? null : $"not cancelled (it is {Status.DisplayName()})";

    public bool CanRestore => WhyCannotRestore() is null;

    /// <returns>Warnings for SKUs whose Available went below zero at the ship-from warehouse.</returns>
    public IReadOnlyList<string> Restore(string? comment, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotRestore() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        var restoredTo = StatusBeforeCancel switch
        {
            OrderStatus.Shipped when LabelDeletedAtCancel => OrderStatus.AwaitingFulfillment,
            { } before => before,
            null => OrderStatus.AwaitingFulfillment,
        };
        var changes = restoredTo.IsOpen() ? Move(book, physicalOnHandSign: 0, committedSign: +1) : [];

        Status = restoredTo;
        StatusBeforeCancel = null;
        LabelDeletedAtCancel = false;
        CancelledAt = null;
        CancelledById = null;
        CancelledByName = null;
        CancelReason = null;
        CancelComment = null;
        Events.Add(new OrderEvent(OrderEventType.Restored, by, at, comment: comment,
            detail: $"Restored to {restoredTo.DisplayName()}", inventoryChanges: changes));
        return NegativeAvailability(changes, book);
    }

    public string? WhyCannotDeleteLabel() => Status switch
    {
        OrderStatus.Cancelled => "cancelled; cancel with the delete-label box checked, or restore it first",
        _ when ActiveLabel is null => "without an active label",
        _ => null,
    };

    public bool CanDeleteLabel => WhyCannotDeleteLabel() is null;

    /// <summary>Deleting the label on its own: the units come back and the order goes back to the pick list.</summary>
    public void DeleteLabel(string? comment, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotDeleteLabel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        var changes = Move(book, physicalOnHandSign: +1, committedSign: +1);
        Status = OrderStatus.AwaitingFulfillment;
        RecordLabelDeletion(ActiveLabel!, by, at, comment, changes);
    }

    public string? WhyCannotCreateLabel() => Status switch
    {
        OrderStatus.AwaitingFulfillment => null,
        OrderStatus.DropshipmentRequested => "a dropshipment; its supplier ships it",
        _ => $"{Status.DisplayName()}; only Awaiting Fulfillment orders can get a label",
    };

    public bool CanCreateLabel => WhyCannotCreateLabel() is null;

    public void CreateLabel(LabelQuote quote, string? comment, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotCreateLabel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        var changes = Move(book, physicalOnHandSign: -1, committedSign: -1);
        Labels.Add(new Label(quote.Carrier, quote.Service, quote.TrackingNumber, quote.CostCents, at));
        Status = OrderStatus.Shipped;
        Events.Add(new OrderEvent(OrderEventType.LabelCreated, by, at, comment: comment,
            detail: $"{quote.Carrier} {quote.Service}, tracking {quote.TrackingNumber}", inventoryChanges: changes));
    }

    public void AddComment(string comment, Actor by, DateTimeOffset at)
    {
        Events.Add(new OrderEvent(OrderEventType.Commented, by, at, comment: comment));
    }

    public void NoteReimportIgnored(string source, Actor by, DateTimeOffset at)
    {
        Events.Add(new OrderEvent(OrderEventType.ReimportIgnored, by, at, detail: source));
    }

    private void RecordLabelDeletion(Label label, Actor by, DateTimeOffset at, string? comment,
        IReadOnlyList<InventoryChange>? changes = null)
    {
        var refund = label.Delete(Number, at);
        Events.Add(new OrderEvent(OrderEventType.LabelDeleted, by, at, comment: comment,
            detail: $"{label.Carrier} tracking {label.TrackingNumber}", inventoryChanges: changes));
        Events.Add(new OrderEvent(OrderEventType.RefundRequested, by, at,
            detail: $"{refund.AmountCents / 100m:0.00} requested from {label.Carrier}"));
    }

    private List<InventoryChange> Move(InventoryBook book, int physicalOnHandSign, int committedSign)
    {
        var changes = new List<InventoryChange>(Lines.Count);
        foreach (var line in Lines)
        {
            var pohDelta = physicalOnHandSign * line.Quantity;
            var committedDelta = committedSign * line.Quantity;
            book.LevelOf(line.ProductId, WarehouseId).Apply(pohDelta, committedDelta);
            changes.Add(new InventoryChange(line.Sku, WarehouseId, pohDelta, committedDelta));
        }

        return changes;
    }

    private IReadOnlyList<string> NegativeAvailability(IReadOnlyList<InventoryChange> changes, InventoryBook book) =>
        Lines
            .Where(_ => changes.Count > 0)
            .Select(l => (l.Sku, book.LevelOf(l.ProductId, WarehouseId).Available))
            .Where(x => x.Available < 0)
            .Distinct()
            .Select(x => $"SKU {x.Sku}: Available at the ship-from warehouse is now {x.Available}.")
            .ToList();
}

using System.ComponentModel;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.App.Features.Orders.Actions;

namespace OrdoroLite.App.Features.Api;

// The API's JSON shapes: its contract, mapped by hand from the domain's views so a change there
// cannot change the API unnoticed. Amounts are integer cents; instants are UTC (ISO 8601).

/// <summary>Cancel one order (POST /api/v1/orders/{number}/cancel).</summary>
/// <param name="Reason">Optional: CustomerRequest, OutOfStock, SuspectedFraud, DuplicateOrder, AddressProblem, ShippingDelay, Other (or its display name).</param>
/// <param name="Comment">Optional, at most 2,000 characters.</param>
/// <param name="DeleteLabel">Also delete the order's Active label (units come back, a refund is requested). Default false.</param>
public sealed record CancelOrderBody(string? Reason, string? Comment, bool? DeleteLabel);

/// <summary>Cancel many orders (POST /api/v1/orders/cancel).</summary>
/// <param name="OrderNumbers">1 to 10,000 order numbers.</param>
/// <param name="DeleteLabels">Also delete the Active label of those orders that have one. Default false.</param>
public sealed record CancelOrdersBody(IReadOnlyList<int> OrderNumbers, string? Reason, string? Comment, bool? DeleteLabels);

/// <summary>An action on one order with an optional comment (restore, create label, delete label).</summary>
public sealed record OrderCommentBody(string? Comment);

/// <summary>An action on many orders with an optional comment (restore, create labels, delete labels).</summary>
public sealed record OrdersCommentBody(IReadOnlyList<int> OrderNumbers, string? Comment);

/// <summary>A comment for an order's timeline (required, at most 2,000 characters).</summary>
public sealed record AddCommentBody(string Comment);

/// <summary>One comment for the timelines of many orders (POST /api/v1/orders/comments).</summary>
/// <param name="OrderNumbers">1 to 10,000 order numbers.</param>
/// <param name="Comment">Required, at most 2,000 characters.</param>
public sealed record AddCommentsBody(IReadOnlyList<int> OrderNumbers, string Comment);

/// <summary>What an action did, as the UI reports it.</summary>
/// <param name="Summary">The snackbar's sentence, e.g. "2 cancelled, 1 skipped: already cancelled, 1 not found".</param>
/// <param name="Orders">One outcome per order, in the order given.</param>
public sealed record ActionResponse(string Summary, int DoneCount, IReadOnlyList<OrderOutcomeResponse> Orders)
{
    public static ActionResponse From(BulkOutcome outcome) => new(
        outcome.Summary(),
        outcome.DoneCount,
        outcome.Orders.Select(o => new OrderOutcomeResponse(o.OrderNumber, o.Kind, o.Message, o.Warnings)).ToList());
}

/// <param name="Outcome">Done, Skipped (Message says why) or NotFound.</param>
/// <param name="Message">"cancelled", "already cancelled", "restored to Awaiting Fulfillment", "order 7 does not exist"…</param>
/// <param name="Warnings">Stock warnings (a restore that drives Available below zero), one per SKU.</param>
public sealed record OrderOutcomeResponse(int OrderNumber, OutcomeKind Outcome, string Message, IReadOnlyList<string> Warnings);

/// <summary>A comment was added.</summary>
public sealed record CommentResponse(int OrderNumber, string Summary, string Comment);

/// <summary>What an import did (POST /api/v1/orders/import).</summary>
public sealed record ImportResponse(string Source, int OrdersInFile, int Imported, int AlreadyPresent, int CancelledIgnored, IReadOnlyList<string> Summary)
{
    public static ImportResponse From(ImportSummary s) =>
        new(s.Source, s.OrdersInFile, s.Imported, s.AlreadyPresent, s.CancelledIgnored, s.Lines().ToList());
}

/// <summary>One page of orders.</summary>
/// <param name="Total">Orders matching the filters. Filtered totals are counted up to 10,000 (then TotalIsCapped is true).</param>
/// <param name="NextOffset">The offset of the next page, or null on the last page.</param>
public sealed record OrderListResponse(IReadOnlyList<OrderListItem> Items, int Total, bool TotalIsCapped, int Offset, int Limit, int? NextOffset);

/// <summary>One order as the Orders grid shows it.</summary>
/// <param name="Warehouse">The ship-from warehouse's name.</param>
/// <param name="TrackingNumber">The Active label's tracking number, or the one typed in when shipped by hand.</param>
/// <param name="Cancellation">The latest cancellation, for Cancelled orders only.</param>
public sealed record OrderListItem(
    int Number,
    DateTimeOffset OrderDate,
    string CustomerName,
    string Channel,
    string Warehouse,
    int ItemCount,
    long TotalCents,
    OrderStatus Status,
    string StatusName,
    LabelState? LabelState,
    string? TrackingNumber,
    RefundState? RefundState,
    CancellationResponse? Cancellation)
{
    public static OrderListItem From(OrderGridRow r) => new(
        r.Number, r.OrderDate, r.CustomerName, r.Channel, r.WarehouseName, r.ItemCount, r.TotalCents, r.Status, r.Status.DisplayName(),
        r.LabelState, r.TrackingNumber, r.RefundState,
        r.CancelledAt is { } at ? new CancellationResponse(at, r.CancelledByName ?? "", r.CancelReason, r.CancelReason?.DisplayName(), r.CancelComment, null, null) : null);
}

/// <param name="StatusBefore">What the order was before it was cancelled (order page only).</param>
/// <param name="LabelDeleted">Whether the cancel deleted its label (order page only).</param>
public sealed record CancellationResponse(
    DateTimeOffset At,
    string ByName,
    CancelReason? Reason,
    string? ReasonName,
    string? Comment,
    OrderStatus? StatusBefore,
    bool? LabelDeleted);

/// <summary>One order with its lines, labels (and their refunds) and timeline, newest event first.</summary>
public sealed record OrderResponse(
    int Number,
    OrderStatus Status,
    string StatusName,
    DateTimeOffset OrderDate,
    string Channel,
    string ChannelOrderId,
    string CustomerName,
    string CustomerEmail,
    AddressResponse ShipTo,
    int WarehouseId,
    string Warehouse,
    int ItemCount,
    long TotalCents,
    string? HandTrackingNumber,
    CancellationResponse? Cancellation,
    IReadOnlyList<LineResponse> Lines,
    IReadOnlyList<LabelResponse> Labels,
    IReadOnlyList<TimelineEntryResponse> Timeline)
{
    public static OrderResponse From(OrderDetailsView o) => new(
        o.Number, o.Status, o.Status.DisplayName(), o.OrderDate, o.Channel, o.ChannelOrderId, o.CustomerName, o.CustomerEmail,
        new AddressResponse(o.ShipTo.Street, o.ShipTo.City, o.ShipTo.Region, o.ShipTo.PostalCode, o.ShipTo.Country),
        o.WarehouseId, o.WarehouseName, o.ItemCount, o.TotalCents, o.HandTrackingNumber,
        o.LatestCancellation is { } c ? new CancellationResponse(c.At, c.ByName, c.Reason, c.ReasonName, c.Comment, c.StatusBefore, c.LabelDeleted) : null,
        o.Lines.Select(l => new LineResponse(l.Sku, l.ProductName, l.Quantity, l.UnitPriceCents, l.LineTotalCents)).ToList(),
        o.Labels.Select(l => new LabelResponse(l.Carrier, l.Service, l.TrackingNumber, l.CostCents, l.State, l.CreatedAt, l.DeletedAt,
            l.RefundState is { } s ? new RefundResponse(s, l.RefundAmountCents ?? 0, l.RefundDenialReason) : null)).ToList(),
        o.Timeline.Select(e => new TimelineEntryResponse(e.Id, e.Type, e.TypeName, e.ActorName, e.At, e.Reason, e.ReasonName, e.Comment, e.Detail,
            e.InventoryChanges.Select(c => new InventoryChangeResponse(c.Sku, c.WarehouseName, c.PhysicalOnHandDelta, c.CommittedDelta)).ToList())).ToList());
}

public sealed record AddressResponse(string Street, string City, string Region, string PostalCode, string Country);

public sealed record LineResponse(string Sku, string ProductName, int Quantity, long UnitPriceCents, long LineTotalCents);

public sealed record LabelResponse(
    string Carrier, string Service, string TrackingNumber, long CostCents, LabelState State, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt,
    RefundResponse? Refund);

/// <param name="DenialReason">The carrier's reason, when Denied.</param>
public sealed record RefundResponse(RefundState State, long AmountCents, string? DenialReason);

/// <param name="ActorName">Who did it: a person, a job, or an API key ("Shopify sync (key of Morgan Manager)").</param>
public sealed record TimelineEntryResponse(
    long Id, OrderEventType Type, string TypeName, string ActorName, DateTimeOffset At, CancelReason? Reason, string? ReasonName,
    string? Comment, string? Detail, IReadOnlyList<InventoryChangeResponse> InventoryChanges);

public sealed record InventoryChangeResponse(string Sku, string Warehouse, int PhysicalOnHandDelta, int CommittedDelta);

/// <summary>The list's query string (every value is checked, and every problem listed).</summary>
public sealed class OrderListQuery
{
    [Description("AwaitingFulfillment, DropshipmentRequested, Shipped, Cancelled or All (default).")]
    public string? Status { get; set; }

    [Description("The grid's search: an order number, a tracking number, or the start (3+ characters) of a channel order id, customer name or email.")]
    public string? Search { get; set; }

    [Description("A sales channel, exactly (e.g. Shopify).")]
    public string? Channel { get; set; }

    [Description("A warehouse id.")]
    public string? WarehouseId { get; set; }

    [Description("Cancelled orders with this reason (code or display name), or \"none\" for those cancelled without a reason.")]
    public string? CancelReason { get; set; }

    [Description("Cancelled orders cancelled by this name, exactly as the timeline shows it.")]
    public string? CancelledBy { get; set; }

    [Description("Cancelled orders with a line of this SKU.")]
    public string? Sku { get; set; }

    [Description("Orders placed at or after this instant (ISO 8601, e.g. 2026-11-01T00:00:00Z; UTC).")]
    public string? OrderedFrom { get; set; }

    [Description("Orders placed before this instant (ISO 8601; UTC).")]
    public string? OrderedTo { get; set; }

    [Description("Cancelled orders cancelled at or after this instant (ISO 8601; UTC).")]
    public string? CancelledFrom { get; set; }

    [Description("Cancelled orders cancelled before this instant (ISO 8601; UTC).")]
    public string? CancelledTo { get; set; }

    [Description("Date (default), Number, Customer or Total.")]
    public string? Sort { get; set; }

    [Description("desc (default) or asc.")]
    public string? Direction { get; set; }

    [Description("Orders per page, 1 to 500 (default 50).")]
    public string? Limit { get; set; }

    [Description("Orders to skip (default 0, at most 9,999,600).")]
    public string? Offset { get; set; }
}

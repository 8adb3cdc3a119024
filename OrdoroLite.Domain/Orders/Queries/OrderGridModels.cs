using OrdoroLite.Domain.Labels;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>The sub-tabs of the Orders screen: one per status, plus All.</summary>
public enum OrderTab
{
    AwaitingFulfillment,
    DropshipmentRequested,
    Shipped,
    Cancelled,
    All,
}

public enum OrderSort
{
    Date,
    Number,
    Customer,
    Total,

    /// <summary>When the order was cancelled: the Cancelled tab's default, newest first.</summary>
    CancelledAt,
}

/// <summary>
/// One view of the grid: a tab, a page in a sort order, and what narrows it (search and filters).
/// <see cref="OrderGrid.MatchingNumbersAsync"/> reads only the narrowing part, for "every order
/// matching this view".
/// </summary>
/// <param name="OrderDate">Only orders placed within this range.</param>
public sealed record OrderGridRequest(
    OrderTab Tab,
    int Page = 0,
    int PageSize = 50,
    OrderSort Sort = OrderSort.Date,
    bool Descending = true,
    string? Search = null,
    string? Channel = null,
    int? WarehouseId = null,
    CancellationFilter? Cancellation = null,
    InstantRange? OrderDate = null)
{
    public static IReadOnlyList<int> PageSizes => Common.Paging.Sizes;

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Channel is not null || WarehouseId is not null
        || Cancellation is { IsEmpty: false } || OrderDate is { IsEmpty: false };
}

/// <summary>Instants from <see cref="From"/> (included) to <see cref="To"/> (excluded); either end may be open.</summary>
public sealed record InstantRange(DateTimeOffset? From, DateTimeOffset? To)
{
    public bool IsEmpty => From is null && To is null;
}

/// <summary>
/// What narrows the Cancelled tab: a reason (or "no reason given"), who cancelled, a SKU on the
/// order (the report's drill-downs), and when it was cancelled.
/// </summary>
public sealed record CancellationFilter(
    CancelReason? Reason = null,
    bool WithoutReason = false,
    string? CancelledBy = null,
    string? Sku = null,
    InstantRange? CancelledAt = null)
{
    public bool IsEmpty => Reason is null && !WithoutReason && string.IsNullOrEmpty(CancelledBy) && string.IsNullOrEmpty(Sku)
        && CancelledAt is not { IsEmpty: false };

    public override string ToString() => string.Join(", ", new[]
    {
        Reason is { } r ? $"reason {r.DisplayName()}" : null,
        WithoutReason ? "no reason given" : null,
        string.IsNullOrEmpty(CancelledBy) ? null : $"cancelled by {CancelledBy}",
        string.IsNullOrEmpty(Sku) ? null : $"SKU {Sku}",
        CancelledAt is { IsEmpty: false } ? "cancelled within a date range" : null,
    }.Where(x => x is not null));
}

/// <summary>One grid row. The cancellation fields are filled only for Cancelled orders.</summary>
public sealed record OrderGridRow(
    int Number,
    DateTimeOffset OrderDate,
    string CustomerName,
    string Channel,
    string WarehouseName,
    int ItemCount,
    long TotalCents,
    OrderStatus Status,
    LabelState? LabelState,
    string? TrackingNumber,
    RefundState? RefundState,
    DateTimeOffset? CancelledAt,
    string? CancelledByName,
    CancelReason? CancelReason,
    string? CancelComment)
{
    public decimal Total => TotalCents / 100m;
}

/// <param name="TotalIsCapped">The filtered total reached <see cref="OrderGrid.CountCap"/>: there are at least that many.</param>
public sealed record OrderGridPage(
    IReadOnlyList<OrderGridRow> Rows,
    int TotalCount,
    IReadOnlyDictionary<OrderTab, int> TabCounts,
    bool TotalIsCapped = false);

public sealed record WarehouseOption(int Id, string Name);

/// <summary>The choices of the grid's filters.</summary>
/// <param name="Staff">Display names of every staff account (active or not), for "cancelled by".</param>
public sealed record OrderGridFilters(IReadOnlyList<string> Channels, IReadOnlyList<WarehouseOption> Warehouses, IReadOnlyList<string> Staff);

public static class OrderTabs
{
    public static IReadOnlyList<OrderTab> All { get; } = Enum.GetValues<OrderTab>();

    public static string DisplayName(this OrderTab tab) => tab switch
    {
        OrderTab.All => "All",
        _ => tab.Status()!.Value.DisplayName(),
    };

    public static OrderStatus? Status(this OrderTab tab) => tab switch
    {
        OrderTab.AwaitingFulfillment => OrderStatus.AwaitingFulfillment,
        OrderTab.DropshipmentRequested => OrderStatus.DropshipmentRequested,
        OrderTab.Shipped => OrderStatus.Shipped,
        OrderTab.Cancelled => OrderStatus.Cancelled,
        _ => null,
    };
}

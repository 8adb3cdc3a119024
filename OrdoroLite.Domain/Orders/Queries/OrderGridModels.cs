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
}

public sealed record OrderGridRequest(
    OrderTab Tab,
    int Page = 0,
    int PageSize = 50,
    OrderSort Sort = OrderSort.Date,
    bool Descending = true,
    string? Search = null,
    string? Channel = null,
    int? WarehouseId = null,
    CancellationFilter? Cancellation = null)
{
    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100];

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Channel is not null || WarehouseId is not null
        || Cancellation is { IsEmpty: false };
}

/// <summary>
/// The report's drill-downs into the Cancelled tab: by reason (or "no reason given"), by who
/// cancelled, or by a SKU on the order.
/// </summary>
public sealed record CancellationFilter(CancelReason? Reason = null, bool WithoutReason = false, string? CancelledBy = null, string? Sku = null)
{
    public bool IsEmpty => Reason is null && !WithoutReason && string.IsNullOrEmpty(CancelledBy) && string.IsNullOrEmpty(Sku);

    public override string ToString() => string.Join(", ", new[]
    {
        Reason is { } r ? $"reason {r.DisplayName()}" : null,
        WithoutReason ? "no reason given" : null,
        string.IsNullOrEmpty(CancelledBy) ? null : $"cancelled by {CancelledBy}",
        string.IsNullOrEmpty(Sku) ? null : $"SKU {Sku}",
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

public sealed record OrderGridFilters(IReadOnlyList<string> Channels, IReadOnlyList<WarehouseOption> Warehouses);

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

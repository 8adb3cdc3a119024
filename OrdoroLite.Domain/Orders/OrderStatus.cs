namespace OrdoroLite.Domain.Orders;

public enum OrderStatus
{
    AwaitingFulfillment,
    DropshipmentRequested,
    Shipped,
    Cancelled,
}

public static class OrderStatusNames
{
    public static string DisplayName(this OrderStatus status) => status switch
    {
        OrderStatus.AwaitingFulfillment => "Awaiting Fulfillment",
        OrderStatus.DropshipmentRequested => "Dropshipment Requested",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>Open orders hold committed units at their ship-from warehouse.</summary>
    public static bool IsOpen(this OrderStatus status) =>
        status is OrderStatus.AwaitingFulfillment or OrderStatus.DropshipmentRequested;
}

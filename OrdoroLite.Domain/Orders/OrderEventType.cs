namespace OrdoroLite.Domain.Orders;

public enum OrderEventType
{
    Imported,
    ReimportIgnored,
    Cancelled,
    Restored,
    LabelCreated,
    ShippedByHand,
    LabelDeleted,
    RefundRequested,
    RefundSubmitted,
    RefundApproved,
    RefundDenied,
    RefundRetrying,
    Commented,
    PossibleDuplicate,
    LabelScanned,
    ChannelCancelRequested,
    ChannelCancelSent,
    ChannelCancelAcknowledged,
    ChannelCancelRefused,
    ChannelCancelRetrying,
    ChannelCancelWithdrawn,
}

public static class OrderEventTypeNames
{
    public static string DisplayName(this OrderEventType type) => type switch
    {
        OrderEventType.Imported => "Imported",
        OrderEventType.ReimportIgnored => "Re-import ignored: order is cancelled",
        OrderEventType.Cancelled => "Cancelled",
        OrderEventType.Restored => "Restored",
        OrderEventType.LabelCreated => "Label created",
        OrderEventType.ShippedByHand => "Shipped without a label",
        OrderEventType.LabelDeleted => "Label deleted",
        OrderEventType.RefundRequested => "Refund requested",
        OrderEventType.RefundSubmitted => "Refund submitted to carrier",
        OrderEventType.RefundApproved => "Refund approved",
        OrderEventType.RefundDenied => "Refund denied",
        OrderEventType.RefundRetrying => "Refund still retrying",
        OrderEventType.Commented => "Comment",
        OrderEventType.PossibleDuplicate => "Possible duplicate",
        OrderEventType.LabelScanned => "Label scanned by the carrier",
        OrderEventType.ChannelCancelRequested => "Cancellation on the sales channel requested",
        OrderEventType.ChannelCancelSent => "Cancellation sent to the sales channel",
        OrderEventType.ChannelCancelAcknowledged => "Sales channel acknowledged the cancellation",
        OrderEventType.ChannelCancelRefused => "Sales channel refused the cancellation",
        OrderEventType.ChannelCancelRetrying => "Channel cancellation still retrying",
        OrderEventType.ChannelCancelWithdrawn => "Channel cancellation withdrawn",
        _ => type.ToString(),
    };
}

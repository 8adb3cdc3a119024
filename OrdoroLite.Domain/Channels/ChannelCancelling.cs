namespace OrdoroLite.Domain.Channels;

/// <summary>
/// The Cancel Order(s) dialog's "Also cancel on the sales channel" (checked), with its "Notify the
/// customer": the cancel writes a <see cref="ChannelCancellation"/> for the worker to send.
/// </summary>
/// <param name="NotifyCustomer">The channel emails the customer about the cancellation.</param>
public sealed record AlsoOnChannel(bool NotifyCustomer);

/// <summary>What a cancellation from the sales channel (an imported "cancelled" row) did to an order that existed.</summary>
public enum ChannelCancelOutcome
{
    /// <summary>Awaiting Fulfillment or Dropshipment Requested → Cancelled, Committed −qty.</summary>
    StockReleased,

    /// <summary>Shipped without a label → Cancelled, no stock moved.</summary>
    ShippedWithoutLabel,

    /// <summary>Shipped with an Active label → Cancelled, the label kept: it needs attention.</summary>
    LabelKept,

    /// <summary>Already Cancelled: nothing new.</summary>
    AlreadyCancelled,
}

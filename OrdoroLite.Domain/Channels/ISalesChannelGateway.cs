namespace OrdoroLite.Domain.Channels;

/// <summary>
/// The sales channels (Shopify, Amazon…), behind one interface beside the carrier gateway
/// (Labels/Carriers), because none can be reached from here: <see cref="SandboxSalesChannel"/>
/// plays them. Cancelling goes through the durable pipeline of <see cref="ChannelCancellationProcessor"/>.
/// </summary>
public interface ISalesChannelGateway
{
    /// <summary>Asks the channel to cancel an order. Asking again with the same idempotency key returns the first answer.</summary>
    /// <returns>Acknowledged, Refused (with the channel's reason), or Pending while the channel processes it.</returns>
    /// <exception cref="SalesChannelUnavailableException">The channel could not be reached; try again later.</exception>
    Task<ChannelDecision> CancelOrderAsync(ChannelCancelAsk ask, CancellationToken ct);

    /// <returns>The channel's answer to an earlier ask; <see cref="ChannelVerdict.Unknown"/> when it has no record of that key.</returns>
    /// <exception cref="SalesChannelUnavailableException">The channel could not be reached; try again later.</exception>
    Task<ChannelDecision> GetCancellationAsync(string channel, string idempotencyKey, CancellationToken ct);
}

/// <summary>One cancellation as the channel receives it.</summary>
/// <param name="Reason">The reason's display name ("Customer request"), or null when none was given.</param>
/// <param name="NotifyCustomer">The channel emails the customer about the cancellation.</param>
/// <param name="ReportedShipped">We have told the channel the order shipped (it was Shipped here when cancelled).</param>
public sealed record ChannelCancelAsk(
    string IdempotencyKey, string Channel, string ChannelOrderId, string? Reason, bool NotifyCustomer, bool ReportedShipped);

public enum ChannelVerdict
{
    /// <summary>The channel accepted the request and is still processing it.</summary>
    Pending,
    Acknowledged,
    Refused,

    /// <summary>The channel has no record of the request: the pipeline asks again with the same idempotency key.</summary>
    Unknown,
}

public sealed record ChannelDecision(ChannelVerdict Verdict, string? Reason = null)
{
    public static readonly ChannelDecision Pending = new(ChannelVerdict.Pending);
    public static readonly ChannelDecision Acknowledged = new(ChannelVerdict.Acknowledged);
    public static readonly ChannelDecision Unknown = new(ChannelVerdict.Unknown, "The channel has no record of this cancellation request.");

    public static ChannelDecision Refused(string reason) => new(ChannelVerdict.Refused, reason);
}

/// <summary>A transient failure: the channel was down, slow or refused the connection.</summary>
public sealed class SalesChannelUnavailableException(string message) : Exception(message);

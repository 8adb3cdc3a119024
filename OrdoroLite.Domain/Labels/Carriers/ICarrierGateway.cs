using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>
/// The carriers, behind one interface because none can be reached from here. Buying a label is
/// synchronous in the sandbox; refunds go through the durable pipeline in Labels/Refunds.
/// </summary>
public interface ICarrierGateway
{
    LabelQuote BuyLabel(Order order, DateTimeOffset at);

    /// <summary>Asks for a refund. Asking again with the same idempotency key returns the first answer.</summary>
    /// <exception cref="CarrierUnavailableException">The carrier could not be reached; try again later.</exception>
    Task<RefundDecision> RequestRefundAsync(RefundAsk ask, CancellationToken ct);

    /// <returns>The carrier's answer; <see cref="RefundDecision.Unknown"/> when it has no record of that key.</returns>
    /// <exception cref="CarrierUnavailableException">The carrier could not be reached; try again later.</exception>
    Task<RefundDecision> GetRefundStatusAsync(string carrier, string idempotencyKey, CancellationToken ct);

    /// <summary>The tracking updates: labels the carriers scanned at or after <paramref name="since"/> (UTC), oldest first.</summary>
    /// <exception cref="CarrierUnavailableException">The carrier could not be reached; try again later.</exception>
    Task<IReadOnlyList<TrackingScan>> GetScansAsync(DateTimeOffset since, CancellationToken ct);
}

/// <summary>What a refund request sends the carrier.</summary>
/// <param name="LabelCreatedAt">UTC.</param>
/// <param name="AmountCents">The label's postage, in cents.</param>
/// <param name="RequestedAt">UTC: when we asked (the label's deletion); the carrier's window counts to it.</param>
public sealed record RefundAsk(
    string IdempotencyKey, string Carrier, string TrackingNumber, DateTimeOffset LabelCreatedAt, long AmountCents, DateTimeOffset RequestedAt);

/// <summary>A carrier scanned a label (a tracking update).</summary>
/// <param name="ScannedAt">UTC.</param>
public sealed record TrackingScan(string Carrier, string TrackingNumber, DateTimeOffset ScannedAt);

public enum RefundVerdict
{
    Pending,
    Approved,
    Denied,

    /// <summary>The carrier has no record of the request: the refund pipeline asks again with the same idempotency key.</summary>
    Unknown,
}

public sealed record RefundDecision(RefundVerdict Verdict, string? Reason = null)
{
    public static readonly RefundDecision Pending = new(RefundVerdict.Pending);
    public static readonly RefundDecision Approved = new(RefundVerdict.Approved);

    public static readonly RefundDecision Unknown = new(RefundVerdict.Unknown, "The carrier has no record of this refund request.");

    public static RefundDecision Denied(string reason) => new(RefundVerdict.Denied, reason);
}

/// <summary>A transient failure: the carrier was down, slow or refused the connection.</summary>
public sealed class CarrierUnavailableException(string message) : Exception(message);

namespace OrdoroLite.Domain.Labels;

public enum RefundState
{
    Requested,
    Submitted,
    Approved,
    Denied,
}

/// <summary>
/// A durable request to the carrier for a deleted label's refund, written in the same
/// transaction as the deletion. The idempotency key lets a retry never ask twice.
/// </summary>
public sealed class RefundRequest
{
    public const int ReasonMaxLength = 500;

    private RefundRequest()
    {
        Carrier = "";
        IdempotencyKey = "";
    }

    internal RefundRequest(int orderNumber, string carrier, long amountCents, DateTimeOffset requestedAt)
    {
        OrderNumber = orderNumber;
        Carrier = carrier;
        AmountCents = amountCents;
        RequestedAt = requestedAt.ToUniversalTime();
        IdempotencyKey = Guid.NewGuid().ToString("N");
        State = RefundState.Requested;
    }

    public int Id { get; private set; }

    public int LabelId { get; private set; }

    public int OrderNumber { get; private set; }

    public string Carrier { get; private set; }

    public long AmountCents { get; private set; }

    public string IdempotencyKey { get; private set; }

    public RefundState State { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public string? DenialReason { get; private set; }
}

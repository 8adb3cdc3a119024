using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels;

public enum RefundState
{
    Requested,
    Submitted,
    Approved,
    Denied,
}

/// <summary>
/// A durable request to the carrier for a deleted label's refund (an outbox row), written in the
/// same transaction as the deletion. The idempotency key lets a retry never ask twice; each step
/// is recorded on the order's timeline.
/// </summary>
public sealed class RefundRequest
{
    public const int ReasonMaxLength = 500;

    /// <summary>After this many failed attempts in a row the timeline says "still retrying".</summary>
    public const int FailuresBeforeWarning = 5;

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

    /// <summary>0 until the writer stores the request.</summary>
    public int Id { get; private set; }

    public int LabelId { get; private set; }

    public int OrderNumber { get; private set; }

    public string Carrier { get; private set; }

    public long AmountCents { get; private set; }

    public string IdempotencyKey { get; private set; }

    public RefundState State { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>UTC: when it was approved or denied; null while pending, and for refunds decided before this was recorded.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Failed attempts in a row (reset by a carrier answer or a manager's retry).</summary>
    public int Attempts { get; private set; }

    /// <summary>When the worker may next call the carrier; also the lease a worker takes while it calls.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public string? DenialReason { get; private set; }

    public bool IsFinished => State is RefundState.Approved or RefundState.Denied;

    /// <summary>
    /// The carrier's rules refuse this refund (a scanned label, a window passed): recorded Denied at
    /// once with the reason, and never sent to the carrier (the pipeline takes only pending requests).
    /// </summary>
    internal static RefundRequest RefusedAtOnce(int orderNumber, string carrier, long amountCents, DateTimeOffset at, string reason) =>
        new(orderNumber, carrier, amountCents, at)
        {
            State = RefundState.Denied,
            DenialReason = Truncate(reason),
            DecidedAt = at.ToUniversalTime(),
        };

    /// <summary>True while transient failures keep it from reaching the carrier.</summary>
    public bool IsFailing => !IsFinished && Attempts > 0;

    /// <summary>Its stored row changes: the writer updates it with its order.</summary>
    internal bool IsChanged { get; private set; }

    /// <summary>Records the carrier's answer; returns the timeline events to append.</summary>
    internal List<OrderEvent> RecordAnswer(RefundDecision decision, Actor by, DateTimeOffset at, TimeSpan pollInterval)
    {
        var events = new List<OrderEvent>();
        IsChanged = true;
        Attempts = 0;
        LastError = null;
        if (State == RefundState.Requested)
        {
            State = RefundState.Submitted;
            events.Add(OrderEvent.ForOrder(OrderNumber, OrderEventType.RefundSubmitted, by, at,
                $"{Money(AmountCents)} asked of {Carrier}"));
        }

        switch (decision.Verdict)
        {
            case RefundVerdict.Approved:
                State = RefundState.Approved;
                NextAttemptAt = null;
                DecidedAt = at.ToUniversalTime();
                events.Add(OrderEvent.ForOrder(OrderNumber, OrderEventType.RefundApproved, by, at,
                    $"{Money(AmountCents)} refunded by {Carrier}"));
                break;
            case RefundVerdict.Denied:
                State = RefundState.Denied;
                NextAttemptAt = null;
                DecidedAt = at.ToUniversalTime();
                DenialReason = Truncate(decision.Reason ?? "The carrier gave no reason.");
                events.Add(OrderEvent.ForOrder(OrderNumber, OrderEventType.RefundDenied, by, at,
                    $"{Carrier}: {DenialReason}"));
                break;
            default:
                NextAttemptAt = at + pollInterval;
                break;
        }

        return events;
    }

    /// <summary>Records a transient failure and when to try again; warns on the timeline once it keeps failing.</summary>
    internal List<OrderEvent> RecordFailure(string error, Actor by, DateTimeOffset at, TimeSpan retryAfter)
    {
        IsChanged = true;
        Attempts++;
        LastError = Truncate(error);
        NextAttemptAt = at + retryAfter;
        return Attempts != FailuresBeforeWarning
            ? []
            :
            [
                OrderEvent.ForOrder(OrderNumber, OrderEventType.RefundRetrying, by, at,
                    $"{Carrier} failed {Attempts} times in a row ({LastError}); still retrying, next try at {NextAttemptAt:yyyy-MM-dd HH:mm} UTC"),
            ];
    }

    /// <summary>Why a manager cannot ask for another try, or null when they can.</summary>
    public string? WhyCannotRetry() => IsFinished
        ? $"The refund for order {OrderNumber} is already {State.ToString().ToLowerInvariant()}; there is nothing to retry."
        : null;

    /// <summary>A manager asks for another try now (see <see cref="Order.RetryRefund"/>).</summary>
    internal OrderEvent RetryNow(Actor by, DateTimeOffset at)
    {
        IsChanged = true;
        Attempts = 0;
        NextAttemptAt = at;
        return OrderEvent.ForOrder(OrderNumber, OrderEventType.RefundRetrying, by, at, "Retry asked for by a manager");
    }

    internal void BelongsTo(int orderNumber, int labelId)
    {
        OrderNumber = orderNumber;
        LabelId = labelId;
    }

    internal void Stored(int id) => Id = id;

    internal void AcceptChanges() => IsChanged = false;

    private static string Money(long cents) => Common.Money.Format(cents);

    private static string Truncate(string text) => text.Length > ReasonMaxLength ? text[..ReasonMaxLength] : text;
}

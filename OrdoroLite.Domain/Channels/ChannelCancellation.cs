using System.Globalization;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Channels;

public enum ChannelCancellationState
{
    /// <summary>Written with the cancel; not yet accepted by the channel.</summary>
    Requested,

    /// <summary>The channel accepted the request and is processing it.</summary>
    Sent,

    /// <summary>The channel cancelled the order on its side.</summary>
    Acknowledged,

    /// <summary>The channel refused (e.g. an Amazon-like channel already reports the order shipped).</summary>
    Refused,

    /// <summary>The order was restored before the request reached the channel: it is never sent.</summary>
    Withdrawn,
}

/// <summary>
/// A durable request to cancel an order on its sales channel too (an outbox row), written in the
/// same transaction as the cancel when staff leave "Also cancel on the sales channel" checked.
/// The channel-sync worker sends it with the guarantees of label refunds (docs/channels.md, "Out"):
/// leased, retried with a backoff stored here, never sent twice (its idempotency key), and every
/// step on the order's timeline. Rows are history: never deleted (a trigger refuses).
/// </summary>
public sealed class ChannelCancellation
{
    public const int TextMaxLength = 500;

    /// <summary>
    /// After this many failed attempts in a row the request "keeps failing": the timeline says
    /// "still retrying" (once) and it shows on the Needs attention list, where a manager can retry.
    /// </summary>
    public const int FailuresBeforeAttention = 3;

    private ChannelCancellation()
    {
        Channel = "";
        ChannelOrderId = "";
        IdempotencyKey = "";
        RequestedByName = "";
    }

    internal ChannelCancellation(int orderNumber, string channel, string channelOrderId, CancelReason? reason,
        bool notifyCustomer, bool reportedShipped, Actor by, DateTimeOffset at)
    {
        OrderNumber = orderNumber;
        Channel = channel;
        ChannelOrderId = channelOrderId;
        Reason = reason;
        NotifyCustomer = notifyCustomer;
        ReportedShipped = reportedShipped;
        RequestedByName = by.Name;
        RequestedAt = at.ToUniversalTime();
        IdempotencyKey = Guid.NewGuid().ToString("N");
        State = ChannelCancellationState.Requested;
    }

    /// <summary>0 until the writer stores the request.</summary>
    public int Id { get; private set; }

    public int OrderNumber { get; private set; }

    /// <summary>The order's sales channel, as the order spells it.</summary>
    public string Channel { get; private set; }

    /// <summary>The channel's own order id.</summary>
    public string ChannelOrderId { get; private set; }

    /// <summary>Sent with every call: the channel answers a repeat with its first answer.</summary>
    public string IdempotencyKey { get; private set; }

    /// <summary>The cancel's reason, passed on to the channel; null when none was given.</summary>
    public CancelReason? Reason { get; private set; }

    /// <summary>The dialog's "Notify the customer": the channel emails the customer about the cancellation.</summary>
    public bool NotifyCustomer { get; private set; }

    /// <summary>
    /// The order was Shipped when it was cancelled, so the channel has been told it shipped (a label
    /// or hand-typed tracking is confirmed to the channel); an Amazon-like channel refuses then.
    /// </summary>
    public bool ReportedShipped { get; private set; }

    /// <summary>Who cancelled the order here, at the time.</summary>
    public string RequestedByName { get; private set; }

    /// <summary>UTC.</summary>
    public DateTimeOffset RequestedAt { get; private set; }

    public ChannelCancellationState State { get; private set; }

    /// <summary>Failed attempts in a row (reset by a channel answer or a manager's retry).</summary>
    public int Attempts { get; private set; }

    /// <summary>When the worker may next call the channel (UTC); also the lease a worker takes while it calls.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>The last transient failure, while retrying.</summary>
    public string? LastError { get; private set; }

    /// <summary>The channel's reason for a refusal.</summary>
    public string? RefusalReason { get; private set; }

    /// <summary>When the channel acknowledged or refused it (UTC).</summary>
    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>Acknowledged, refused or withdrawn: the worker never calls the channel for it again.</summary>
    public bool IsFinished => State is ChannelCancellationState.Acknowledged or ChannelCancellationState.Refused or ChannelCancellationState.Withdrawn;

    /// <summary>Transient failures keep it from the channel and it has failed enough to need a person (<see cref="FailuresBeforeAttention"/>).</summary>
    public bool KeepsFailing => !IsFinished && Attempts >= FailuresBeforeAttention;

    /// <summary>Its stored row changes: the writer updates it with its order.</summary>
    internal bool IsChanged { get; private set; }

    /// <summary>Why a manager cannot ask for another try, or null when they can.</summary>
    public string? WhyCannotRetry() => IsFinished
        ? $"The cancellation of order {OrderNumber} on {Channel} is already {State.ToString().ToLowerInvariant()}; there is nothing to retry."
        : null;

    /// <summary>Records the channel's answer; returns the timeline events to append.</summary>
    /// <param name="orderStillCancelled">False when the order was restored meanwhile (the request was in flight): the events say so.</param>
    internal List<OrderEvent> RecordAnswer(ChannelDecision decision, bool orderStillCancelled, Actor by, DateTimeOffset at, TimeSpan pollInterval)
    {
        var events = new List<OrderEvent>();
        IsChanged = true;
        Attempts = 0;
        LastError = null;
        var restored = orderStillCancelled ? "" : " The order was restored here meanwhile, so the two now disagree.";
        if (State is ChannelCancellationState.Requested or ChannelCancellationState.Withdrawn)
        {
            State = ChannelCancellationState.Sent;
            events.Add(Event(OrderEventType.ChannelCancelSent, by, at,
                $"{Channel} order {ChannelOrderId}: cancellation sent{(NotifyCustomer ? ", customer to be notified" : ", customer not notified")}."));
        }

        switch (decision.Verdict)
        {
            case ChannelVerdict.Acknowledged:
                State = ChannelCancellationState.Acknowledged;
                NextAttemptAt = null;
                AnsweredAt = at.ToUniversalTime();
                events.Add(Event(OrderEventType.ChannelCancelAcknowledged, by, at,
                    $"{Channel} cancelled order {ChannelOrderId} on its side.{restored}"));
                break;
            case ChannelVerdict.Refused:
                State = ChannelCancellationState.Refused;
                NextAttemptAt = null;
                AnsweredAt = at.ToUniversalTime();
                RefusalReason = Truncate(decision.Reason ?? "The channel gave no reason.");
                events.Add(Event(OrderEventType.ChannelCancelRefused, by, at, $"{Channel}: {RefusalReason}"));
                break;
            default:
                // Still processing on the channel's side: ask again later.
                NextAttemptAt = at + pollInterval;
                break;
        }

        return events;
    }

    /// <summary>Records a transient failure and when to try again; the timeline says so once it keeps failing.</summary>
    internal List<OrderEvent> RecordFailure(string error, Actor by, DateTimeOffset at, TimeSpan retryAfter)
    {
        IsChanged = true;
        Attempts++;
        LastError = Truncate(error);
        NextAttemptAt = at + retryAfter;
        return Attempts != FailuresBeforeAttention
            ? []
            :
            [
                Event(OrderEventType.ChannelCancelRetrying, by, at, string.Create(CultureInfo.InvariantCulture,
                    $"{Channel} failed {Attempts} times in a row ({LastError}); still retrying, next try at {NextAttemptAt:yyyy-MM-dd HH:mm} UTC. Listed on Needs attention.")),
            ];
    }

    /// <summary>A manager asks for another try now (see <see cref="Order.RetryChannelCancellation"/>).</summary>
    internal OrderEvent RetryNow(Actor by, DateTimeOffset at)
    {
        IsChanged = true;
        Attempts = 0;
        NextAttemptAt = at;
        return Event(OrderEventType.ChannelCancelRetrying, by, at, "Retry asked for by a manager");
    }

    /// <summary>
    /// The order was restored before this request reached the channel: it is never sent. Only a
    /// Requested one can be withdrawn; a Sent one is already on the channel's side. A worker that
    /// was calling the channel at that moment still records the answer it gets (its lease stands).
    /// </summary>
    internal OrderEvent? Withdraw(Actor by, DateTimeOffset at)
    {
        if (State != ChannelCancellationState.Requested)
        {
            return null;
        }

        IsChanged = true;
        State = ChannelCancellationState.Withdrawn;
        return Event(OrderEventType.ChannelCancelWithdrawn, by, at,
            $"The order was restored before its cancellation reached {Channel}; it will not be sent.");
    }

    internal void BelongsTo(int orderNumber) => OrderNumber = orderNumber;

    internal void Stored(int id) => Id = id;

    internal void AcceptChanges() => IsChanged = false;

    private OrderEvent Event(OrderEventType type, Actor by, DateTimeOffset at, string detail) =>
        OrderEvent.ForOrder(OrderNumber, type, by, at, detail);

    private static string Truncate(string text) => text.Length > TextMaxLength ? text[..TextMaxLength] : text;
}

namespace OrdoroLite.Domain.Webhooks;

public enum WebhookDeliveryState
{
    /// <summary>Not delivered yet: due at <see cref="WebhookDelivery.NextAttemptAt"/>, or leased by a worker until then.</summary>
    Pending,

    /// <summary>The URL answered 2xx.</summary>
    Delivered,

    /// <summary>Retried until <see cref="WebhookDelivery.GiveUpAt"/> without a 2xx; a manager may redeliver it.</summary>
    Failed,
}

/// <summary>
/// One timeline event to send to one subscription (unique per pair), and how sending it went: the
/// delivery log. A worker claims a due row by moving its <see cref="NextAttemptAt"/> forward (a
/// lease, by conditional update) before it calls the URL, so servers never send one row at once.
/// </summary>
public sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 500;

    private WebhookDelivery()
    {
        EventType = "";
    }

    internal WebhookDelivery(int subscriptionId, long eventId, int orderNumber, string eventType, DateTimeOffset at, TimeSpan retryWindow)
    {
        SubscriptionId = subscriptionId;
        EventId = eventId;
        OrderNumber = orderNumber;
        EventType = eventType;
        State = WebhookDeliveryState.Pending;
        CreatedAt = at.ToUniversalTime();
        NextAttemptAt = CreatedAt;
        GiveUpAt = CreatedAt + retryWindow;
    }

    public long Id { get; private set; }

    public int SubscriptionId { get; private set; }

    /// <summary>The timeline event (OrderEvents.Id); "evt_{EventId}" is the Webhook-Id receivers de-duplicate by.</summary>
    public long EventId { get; private set; }

    /// <summary>Deliveries of one order go out in event order: a later one waits while an earlier one is pending.</summary>
    public int OrderNumber { get; private set; }

    /// <summary>The webhook event name (<see cref="WebhookEvents"/>).</summary>
    public string EventType { get; private set; }

    public WebhookDeliveryState State { get; private set; }

    /// <summary>Attempts started (a claim counts one, even if its server stopped before the answer).</summary>
    public int Attempts { get; private set; }

    /// <summary>When the row is next due; while a worker sends it, the end of that worker's lease.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>No retry is scheduled past this (24 hours after the event, or after a redelivery).</summary>
    public DateTimeOffset GiveUpAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The URL's HTTP status, or null when it gave none (refused connection, timeout, refused address).</summary>
    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string WebhookId => $"evt_{EventId}";
}

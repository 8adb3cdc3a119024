using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>
/// The events a webhook can subscribe to, each made from timeline events (the order's timeline is
/// the outbox: written by the one writer in the action's own transaction, append-only, ids
/// increasing). Nothing else sends a webhook, so a change and its webhook cannot part.
/// </summary>
public static class WebhookEvents
{
    public const string OrderCancelled = "order.cancelled";
    public const string OrderRestored = "order.restored";
    public const string OrderImported = "order.imported";
    public const string LabelDeleted = "label.deleted";
    public const string LabelRefundUpdated = "label.refund.updated";

    public static IReadOnlyList<string> All { get; } = [OrderCancelled, OrderRestored, OrderImported, LabelDeleted, LabelRefundUpdated];

    /// <summary>The webhook event a timeline event makes, or null when it makes none.</summary>
    public static string? For(OrderEventType type) => type switch
    {
        OrderEventType.Cancelled => OrderCancelled,
        OrderEventType.Restored => OrderRestored,
        OrderEventType.Imported => OrderImported,
        OrderEventType.LabelDeleted => LabelDeleted,
        OrderEventType.RefundSubmitted or OrderEventType.RefundApproved or OrderEventType.RefundDenied => LabelRefundUpdated,
        _ => null,
    };

    /// <summary>The timeline event types that make any of these webhook events.</summary>
    public static IReadOnlyList<OrderEventType> SourcesOf(IEnumerable<string> events)
    {
        var wanted = events.ToHashSet();
        return Enum.GetValues<OrderEventType>().Where(t => For(t) is { } name && wanted.Contains(name)).ToList();
    }

    public static string Describe(string name) => name switch
    {
        OrderCancelled => "An order was cancelled",
        OrderRestored => "A cancelled order was restored",
        OrderImported => "An order was imported",
        LabelDeleted => "A shipping label was deleted (a refund is requested)",
        LabelRefundUpdated => "A label refund was submitted, approved or denied",
        _ => name,
    };

    /// <summary>The events in their canonical order, each once.</summary>
    /// <exception cref="InvalidRequestException">None, or one that does not exist.</exception>
    public static IReadOnlyList<string> Validate(IEnumerable<string> events)
    {
        var given = events.Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        if (given.Count == 0)
        {
            throw new InvalidRequestException("Choose at least one event to send.");
        }

        var unknown = given.Where(e => !All.Contains(e)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidRequestException(
                $"{string.Join(", ", unknown.Select(e => $"\"{e}\""))} is not a webhook event. Events: {string.Join(", ", All)}.");
        }

        return All.Where(given.Contains).ToList();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>
/// The body of one webhook: the event id receivers de-duplicate by, the event name, and the
/// timeline event as it was written (so a redelivery sends the same bytes). Shape (docs/api.md):
/// <code>
/// { "id": "evt_123", "type": "order.cancelled", "createdAt": "2026-11-30T10:00:00Z",
///   "data": { "orderNumber": 1001, "channel": "Shopify", "channelOrderId": "SH-5512",
///             "event": { "id": 123, "type": "Cancelled", "typeName": "Cancelled", "actor": "…", "at": "…",
///                        "reason": "CustomerRequest", "reasonName": "Customer request", "comment": "…",
///                        "detail": null, "inventoryChanges": [ { "sku": "…", "warehouseId": 1,
///                        "physicalOnHandDelta": 0, "committedDelta": -2 } ] },
///             "refundState": null } }
/// </code>
/// </summary>
public static class WebhookMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON body for a timeline event of an order (UTF-8).</summary>
    public static byte[] Body(OrderEvent e, string channel, string channelOrderId)
    {
        var type = WebhookEvents.For(e.Type) ?? throw new ArgumentException($"Timeline event {e.Id} ({e.Type}) makes no webhook.", nameof(e));
        var refund = e.Type switch
        {
            OrderEventType.RefundSubmitted => RefundState.Submitted,
            OrderEventType.RefundApproved => RefundState.Approved,
            OrderEventType.RefundDenied => RefundState.Denied,
            _ => (RefundState?)null,
        };
        var message = new Message(
            $"evt_{e.Id}",
            type,
            e.At,
            new Data(e.OrderNumber, channel, channelOrderId,
                new Event(e.Id, e.Type, e.Type.DisplayName(), e.ActorName, e.At, e.Reason, e.Reason?.DisplayName(), e.Comment, e.Detail,
                    e.InventoryChanges.Select(c => new Change(c.Sku, c.WarehouseId, c.PhysicalOnHandDelta, c.CommittedDelta)).ToList()),
                refund));
        return JsonSerializer.SerializeToUtf8Bytes(message, Json);
    }

    /// <summary>
    /// The Webhook-Signature header value: "v1=" and the lower-case hex HMAC-SHA256, keyed with the
    /// secret's UTF-8 bytes, of the Webhook-Timestamp (Unix seconds), ".", and the body bytes.
    /// </summary>
    public static string Signature(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does (docs/api.md shows the same in a few lines): recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string signatureHeader) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(secret, seconds, body)), Encoding.ASCII.GetBytes(signatureHeader));

    private sealed record Message(string Id, string Type, DateTimeOffset CreatedAt, Data Data);

    private sealed record Data(int OrderNumber, string Channel, string ChannelOrderId, Event Event, RefundState? RefundState);

    private sealed record Event(
        long Id, OrderEventType Type, string TypeName, string Actor, DateTimeOffset At, CancelReason? Reason, string? ReasonName,
        string? Comment, string? Detail, IReadOnlyList<Change> InventoryChanges);

    private sealed record Change(string Sku, int WarehouseId, int PhysicalOnHandDelta, int CommittedDelta);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> s)
    {
        s.Property(x => x.Url).HasMaxLength(WebhookSubscription.UrlMaxLength);
        s.Property(x => x.Events).HasMaxLength(200);
        s.Property(x => x.Secret).HasMaxLength(100);
        s.Property(x => x.CreatedById).HasMaxLength(450);
        s.Property(x => x.CreatedByName).HasMaxLength(100);
        s.Ignore(x => x.EventList);
        s.Ignore(x => x.IsEnabled);
        s.OnlyTheseChangeAfterInsert(nameof(WebhookSubscription.DisabledAt), nameof(WebhookSubscription.LastEventId));
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> d)
    {
        d.Property(x => x.EventType).HasMaxLength(40);
        d.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        d.Property(x => x.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        d.Ignore(x => x.WebhookId);
        d.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        // One delivery per event per subscription, whichever server queues it; also the log's order.
        d.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique().HasDatabaseName("UX_WebhookDeliveries_SubscriptionId_EventId");
        // The worker's "what is due now".
        d.HasIndex(x => new { x.State, x.NextAttemptAt }).HasDatabaseName("IX_WebhookDeliveries_State_NextAttemptAt");
        // "Is an earlier delivery of this order still pending?" (one order's webhooks go out in event order).
        d.HasIndex(x => new { x.SubscriptionId, x.OrderNumber, x.EventId }).HasDatabaseName("IX_WebhookDeliveries_SubscriptionId_OrderNumber_EventId");
        d.OnlyTheseChangeAfterInsert(nameof(WebhookDelivery.State), nameof(WebhookDelivery.Attempts), nameof(WebhookDelivery.NextAttemptAt),
            nameof(WebhookDelivery.GiveUpAt), nameof(WebhookDelivery.LastAttemptAt), nameof(WebhookDelivery.LastStatusCode),
            nameof(WebhookDelivery.LastError), nameof(WebhookDelivery.DeliveredAt));
    }
}

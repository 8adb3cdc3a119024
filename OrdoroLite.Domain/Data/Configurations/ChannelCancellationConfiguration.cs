using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class ChannelCancellationConfiguration : IEntityTypeConfiguration<ChannelCancellation>
{
    public void Configure(EntityTypeBuilder<ChannelCancellation> c)
    {
        c.Property(x => x.Channel).HasMaxLength(Order.ChannelMaxLength);
        c.Property(x => x.ChannelOrderId).HasMaxLength(Order.ChannelOrderIdMaxLength);
        c.Property(x => x.IdempotencyKey).HasMaxLength(64);
        c.Property(x => x.Reason).HasConversion<string>().HasMaxLength(32);
        c.Property(x => x.RequestedByName).HasMaxLength(100);
        c.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        c.Property(x => x.LastError).HasMaxLength(ChannelCancellation.TextMaxLength);
        c.Property(x => x.RefusalReason).HasMaxLength(ChannelCancellation.TextMaxLength);
        c.Ignore(x => x.IsFinished);
        c.Ignore(x => x.KeepsFailing);
        c.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName("UX_ChannelCancellations_IdempotencyKey");
        // The worker's "due now" and the Needs attention list's "keeps failing".
        c.HasIndex(x => new { x.State, x.NextAttemptAt }).HasDatabaseName("IX_ChannelCancellations_State_NextAttemptAt");
        c.HasIndex(x => x.OrderNumber).HasDatabaseName("IX_ChannelCancellations_OrderNumber");
        c.OnlyTheseChangeAfterInsert(nameof(ChannelCancellation.State), nameof(ChannelCancellation.Attempts),
            nameof(ChannelCancellation.NextAttemptAt), nameof(ChannelCancellation.LastError), nameof(ChannelCancellation.RefusalReason),
            nameof(ChannelCancellation.AnsweredAt));
    }
}

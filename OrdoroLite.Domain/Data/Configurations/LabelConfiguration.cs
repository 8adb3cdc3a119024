using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Labels;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> l)
    {
        l.Property(x => x.Carrier).HasMaxLength(Label.CarrierMaxLength);
        l.Property(x => x.Service).HasMaxLength(Label.ServiceMaxLength);
        l.Property(x => x.TrackingNumber).HasMaxLength(Label.TrackingMaxLength);
        l.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        l.Ignore(x => x.IsActive);
        l.HasOne(x => x.Refund).WithOne().HasForeignKey<RefundRequest>(r => r.LabelId).OnDelete(DeleteBehavior.Restrict);
        l.HasIndex(x => x.OrderNumber).HasDatabaseName("IX_Labels_OrderNumber");
        l.Property(x => x.TrackingKey).HasMaxLength(Label.TrackingMaxLength);
        l.HasIndex(x => x.TrackingKey).HasDatabaseName("IX_Labels_TrackingKey");
        l.Ignore(x => x.Facts);
        // The labels kept on cancelled orders (a few percent of all labels), in carrier and creation
        // order, which per carrier is the order their refund windows close in: the kept-labels list,
        // the home page's count and the report's split read only this small index.
        l.HasIndex(x => new { x.Carrier, x.CreatedAt }).HasDatabaseName("IX_Labels_Kept_Carrier_CreatedAt")
            .HasFilter("\"KeptSince\" IS NOT NULL");
        l.OnlyTheseChangeAfterInsert(nameof(Label.State), nameof(Label.DeletedAt), nameof(Label.ScannedAt), nameof(Label.KeptSince));
    }
}

internal sealed class RefundRequestConfiguration : IEntityTypeConfiguration<RefundRequest>
{
    public void Configure(EntityTypeBuilder<RefundRequest> r)
    {
        r.Property(x => x.Carrier).HasMaxLength(Label.CarrierMaxLength);
        r.Property(x => x.IdempotencyKey).HasMaxLength(64);
        r.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        r.Property(x => x.LastError).HasMaxLength(RefundRequest.ReasonMaxLength);
        r.Property(x => x.DenialReason).HasMaxLength(RefundRequest.ReasonMaxLength);
        // One refund per label, whoever deletes it and however often.
        r.HasIndex(x => x.LabelId).IsUnique().HasDatabaseName("UX_RefundRequests_LabelId");
        r.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName("UX_RefundRequests_IdempotencyKey");
        r.HasIndex(x => new { x.State, x.NextAttemptAt }).HasDatabaseName("IX_RefundRequests_State_NextAttemptAt");
        r.HasIndex(x => x.OrderNumber).HasDatabaseName("IX_RefundRequests_OrderNumber");
        r.OnlyTheseChangeAfterInsert(nameof(RefundRequest.State), nameof(RefundRequest.Attempts),
            nameof(RefundRequest.NextAttemptAt), nameof(RefundRequest.LastError), nameof(RefundRequest.DenialReason),
            nameof(RefundRequest.DecidedAt));
    }
}

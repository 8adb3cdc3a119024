using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.HasKey(o => o.Number);
        order.Property(o => o.Channel).HasMaxLength(Order.ChannelMaxLength);
        order.Property(o => o.ChannelOrderId).HasMaxLength(Order.ChannelOrderIdMaxLength);
        order.Property(o => o.CustomerName).HasMaxLength(Order.CustomerNameMaxLength);
        order.Property(o => o.CustomerEmail).HasMaxLength(Order.EmailMaxLength);
        order.Property(o => o.HandTrackingNumber).HasMaxLength(Label.TrackingMaxLength);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
        order.Property(o => o.StatusBeforeCancel).HasConversion<string>().HasMaxLength(32);
        order.Property(o => o.CancelReason).HasConversion<string>().HasMaxLength(32);
        order.Property(o => o.CancelledById).HasMaxLength(450);
        order.Property(o => o.CancelledByName).HasMaxLength(100);
        order.Property(o => o.CancelComment).HasMaxLength(Domain.Common.Comment.MaxLength);
        order.ComplexProperty(o => o.ShipTo, a =>
        {
            a.Property(x => x.Street).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.City).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.Region).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.PostalCode).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.Country).HasMaxLength(Address.FieldMaxLength);
        });
        order.Ignore(o => o.ActiveLabel);
        order.Ignore(o => o.CanCancel);
        order.Ignore(o => o.CanRestore);
        order.Ignore(o => o.CanDeleteLabel);
        order.Ignore(o => o.CanCreateLabel);

        order.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderNumber).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Labels).WithOne().HasForeignKey(l => l.OrderNumber).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderNumber).OnDelete(DeleteBehavior.Restrict);

        // The re-import guard: one order per channel order.
        order.HasIndex(o => new { o.Channel, o.ChannelOrderId }).IsUnique().HasDatabaseName("UX_Orders_Channel_ChannelOrderId");
        // Status tabs sorted by date, and the All tab sorted by date.
        order.HasIndex(o => new { o.Status, o.OrderDate }).HasDatabaseName("IX_Orders_Status_OrderDate");
        order.HasIndex(o => o.OrderDate).HasDatabaseName("IX_Orders_OrderDate");
        // Search by customer (prefix) and hand-typed tracking (exact).
        order.HasIndex(o => o.CustomerName).HasDatabaseName("IX_Orders_CustomerName");
        order.HasIndex(o => o.CustomerEmail).HasDatabaseName("IX_Orders_CustomerEmail");
        order.HasIndex(o => o.ChannelOrderId).HasDatabaseName("IX_Orders_ChannelOrderId");
        order.HasIndex(o => o.HandTrackingNumber).HasDatabaseName("IX_Orders_HandTrackingNumber");
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.Property(l => l.Sku).HasMaxLength(Domain.Products.Product.SkuMaxLength);
        line.HasOne<Domain.Products.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        line.HasIndex(l => l.OrderNumber).HasDatabaseName("IX_OrderLines_OrderNumber");
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> e)
    {
        e.Property(x => x.Type).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Reason).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.ActorId).HasMaxLength(450);
        e.Property(x => x.ActorName).HasMaxLength(100);
        e.Property(x => x.Comment).HasMaxLength(Domain.Common.Comment.MaxLength);
        e.Property(x => x.Detail).HasMaxLength(OrderEvent.DetailMaxLength);
        e.OwnsMany(x => x.InventoryChanges, c => c.ToJson());
        // The timeline of one order, newest first.
        e.HasIndex(x => new { x.OrderNumber, x.At }).HasDatabaseName("IX_OrderEvents_OrderNumber_At");
    }
}

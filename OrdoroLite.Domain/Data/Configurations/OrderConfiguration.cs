using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.HasKey(o => o.Number);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.Property(o => o.Channel).HasMaxLength(Order.ChannelMaxLength);
        order.Property(o => o.ChannelOrderId).HasMaxLength(Order.ChannelOrderIdMaxLength);
        order.Property(o => o.CustomerName).HasMaxLength(Order.CustomerNameMaxLength);
        order.Property(o => o.CustomerEmail).HasMaxLength(Order.EmailMaxLength);
        order.Property(o => o.HandTrackingNumber).HasMaxLength(Label.TrackingMaxLength);
        order.Property(o => o.ChannelKey).HasMaxLength(Order.ChannelMaxLength);
        order.Property(o => o.ChannelOrderIdKey).HasMaxLength(Order.ChannelOrderIdMaxLength + 32);
        order.Property(o => o.SearchName).HasMaxLength(Order.CustomerNameMaxLength);
        order.Property(o => o.SearchSurname).HasMaxLength(Order.CustomerNameMaxLength);
        order.Property(o => o.SearchEmail).HasMaxLength(Order.EmailMaxLength);
        order.Property(o => o.HandTrackingKey).HasMaxLength(Label.TrackingMaxLength);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
        order.ComplexProperty(o => o.ShipTo, a =>
        {
            a.Property(x => x.Street).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.City).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.Region).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.PostalCode).HasMaxLength(Address.FieldMaxLength);
            a.Property(x => x.Country).HasMaxLength(Address.FieldMaxLength);
        });
        // Optional: null while the order is not cancelled. The columns keep their names from before it was one value.
        order.ComplexProperty(o => o.Cancellation, c =>
        {
            c.Property(x => x.At).HasColumnName("CancelledAt");
            c.Property(x => x.ById).HasColumnName("CancelledById").HasMaxLength(450);
            c.Property(x => x.ByName).HasColumnName("CancelledByName").HasMaxLength(100);
            c.Property(x => x.Reason).HasColumnName("CancelReason").HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.Comment).HasColumnName("CancelComment").HasMaxLength(Domain.Common.Comment.MaxLength);
            c.Property(x => x.StatusBefore).HasColumnName("StatusBeforeCancel").HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.LabelDeleted).HasColumnName("LabelDeletedAtCancel");
        });
        order.Ignore(o => o.ActiveLabel);
        order.Ignore(o => o.CanCancel);
        order.Ignore(o => o.CanRestore);
        order.Ignore(o => o.CanDeleteLabel);
        order.Ignore(o => o.CanCreateLabel);
        order.Ignore(o => o.IsCancelledOnChannel);
        order.OnlyTheseChangeAfterInsert(
            nameof(Order.Status), nameof(Order.HandTrackingNumber), nameof(Order.HandTrackingKey), nameof(Order.Version),
            nameof(Cancellation.At), nameof(Cancellation.ById), nameof(Cancellation.ByName), nameof(Cancellation.Reason),
            nameof(Cancellation.Comment), nameof(Cancellation.StatusBefore), nameof(Cancellation.LabelDeleted));

        order.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderNumber).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Labels).WithOne().HasForeignKey(l => l.OrderNumber).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderNumber).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.ChannelCancellations).WithOne().HasForeignKey(c => c.OrderNumber).OnDelete(DeleteBehavior.Restrict);

        // The re-import guard: one order per channel order, however its channel and id are spelled (Common/Keys).
        order.HasIndex(o => new { o.ChannelKey, o.ChannelOrderIdKey }).IsUnique().HasDatabaseName("UX_Orders_ChannelKey_ChannelOrderIdKey");
        // Status tabs sorted by date, and the All tab sorted by date. The number ends each sort index: SQLite has it anyway (the rowid); without it PostgreSQL sorted
        // every row before a deep OFFSET (All at offset 500,000: 620 ms with the index on the date alone,
        // 230 ms with the number, raw SQL 227 ms).
        order.HasIndex(o => new { o.Status, o.OrderDate, o.Number }).HasDatabaseName("IX_Orders_Status_OrderDate");
        order.HasIndex(o => new { o.OrderDate, o.Number }).HasDatabaseName("IX_Orders_OrderDate");
        // Every other sort of a status tab, All sorted by total, and the warehouse filter sorted by date: each
        // page a range read in the grid's order, the number the tie-break (docs/orders-grid.md, "Sorting" under "Search and filters").
        order.HasIndex(o => new { o.Status, o.Number }).HasDatabaseName("IX_Orders_Status_Number");
        order.HasIndex(o => new { o.Status, o.CustomerName, o.Number }).HasDatabaseName("IX_Orders_Status_CustomerName_Number");
        order.HasIndex(o => new { o.Status, o.TotalCents, o.Number }).HasDatabaseName("IX_Orders_Status_TotalCents_Number");
        order.HasIndex(o => new { o.TotalCents, o.Number }).HasDatabaseName("IX_Orders_TotalCents_Number");
        order.HasIndex(o => new { o.WarehouseId, o.OrderDate, o.Number }).HasDatabaseName("IX_Orders_WarehouseId_OrderDate_Number");
        // Sort by customer; search (docs/orders-grid.md, "Search"): each a range or an exact match on one index.
        order.HasIndex(o => new { o.CustomerName, o.Number }).HasDatabaseName("IX_Orders_CustomerName");
        order.HasIndex(o => o.SearchName).HasDatabaseName("IX_Orders_SearchName");
        order.HasIndex(o => o.SearchSurname).HasDatabaseName("IX_Orders_SearchSurname");
        order.HasIndex(o => o.SearchEmail).HasDatabaseName("IX_Orders_SearchEmail");
        order.HasIndex(o => o.ChannelOrderIdKey).HasDatabaseName("IX_Orders_ChannelOrderIdKey");
        order.HasIndex(o => o.HandTrackingKey).HasDatabaseName("IX_Orders_HandTrackingKey");
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.Property(l => l.Sku).HasMaxLength(Domain.Products.Product.SkuMaxLength);
        line.HasOne<Domain.Products.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        line.HasIndex(l => l.OrderNumber).HasDatabaseName("IX_OrderLines_OrderNumber");
        line.OnlyTheseChangeAfterInsert();
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
        // JSON text in one column: [{"Sku":…,"WarehouseId":…,"PhysicalOnHandDelta":…,"CommittedDelta":…}].
        e.Property(x => x.InventoryChanges)
            .HasConversion(InventoryChangesJson.Converter, InventoryChangesJson.Comparer)
            .IsRequired(false);
        // The timeline of one order, newest first.
        e.HasIndex(x => new { x.OrderNumber, x.At }).HasDatabaseName("IX_OrderEvents_OrderNumber_At");
        e.OnlyTheseChangeAfterInsert();
    }
}

/// <summary>An event's inventory changes as JSON text (property names as declared; reading ignores their order).</summary>
internal static class InventoryChangesJson
{
    public static readonly ValueConverter<IReadOnlyList<InventoryChange>, string> Converter = new(
        v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
        v => System.Text.Json.JsonSerializer.Deserialize<List<InventoryChange>>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new List<InventoryChange>());

    public static readonly ValueComparer<IReadOnlyList<InventoryChange>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (hash, change) => HashCode.Combine(hash, change)),
        v => v.ToList());
}

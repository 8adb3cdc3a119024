using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> w)
    {
        w.Property(x => x.Name).HasMaxLength(Warehouse.NameMaxLength);
        w.Property(x => x.NameKey).HasMaxLength(Warehouse.NameMaxLength + 32);
        w.HasIndex(x => x.Name).IsUnique();
        w.HasIndex(x => x.NameKey).IsUnique().HasDatabaseName("UX_Warehouses_NameKey");
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> p)
    {
        p.Property(x => x.Sku).HasMaxLength(Product.SkuMaxLength);
        p.Property(x => x.Name).HasMaxLength(Product.NameMaxLength);
        p.Property(x => x.SkuKey).HasMaxLength(Product.SkuMaxLength + 32);
        p.HasIndex(x => x.Sku).IsUnique().HasDatabaseName("UX_Products_Sku");
        p.HasIndex(x => x.SkuKey).IsUnique().HasDatabaseName("UX_Products_SkuKey");
        p.HasIndex(x => x.Name).HasDatabaseName("IX_Products_Name");
    }
}

internal sealed class InventoryLevelConfiguration : IEntityTypeConfiguration<InventoryLevel>
{
    public void Configure(EntityTypeBuilder<InventoryLevel> i)
    {
        i.ToTable("InventoryLevels");
        i.HasKey(x => new { x.ProductId, x.WarehouseId });
        i.Ignore(x => x.Available);
        i.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        i.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> s)
    {
        s.Property(x => x.DisplayName).HasMaxLength(StaffMember.DisplayNameMaxLength);
    }
}

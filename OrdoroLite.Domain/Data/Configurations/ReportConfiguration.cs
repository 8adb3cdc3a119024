using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.Domain.Data.Configurations;

// The report's summary tables. Days are UTC dates (TEXT 'yyyy-MM-dd' on SQLite, date on PostgreSQL).

internal sealed class ReportOrderDayConfiguration : IEntityTypeConfiguration<ReportOrderDay>
{
    public void Configure(EntityTypeBuilder<ReportOrderDay> r)
    {
        r.ToTable("ReportOrderDays");
        r.HasKey(x => new { x.Day, x.Channel, x.WarehouseId });
        r.Property(x => x.Channel).HasMaxLength(Order.ChannelMaxLength);
    }
}

internal sealed class ReportCancelDayConfiguration : IEntityTypeConfiguration<ReportCancelDay>
{
    public void Configure(EntityTypeBuilder<ReportCancelDay> r)
    {
        r.ToTable("ReportCancelDays");
        // A sales channel and a staff member of the same name are two rows (docs/channels.md, "The report").
        r.HasKey(x => new { x.Day, x.CancelReason, x.StaffKnown, x.CancelledByName, x.CancelledOnChannel });
        r.Property(x => x.CancelReason).HasMaxLength(32);
        r.Property(x => x.CancelledByName).HasMaxLength(100);
    }
}

internal sealed class ReportSkuDayConfiguration : IEntityTypeConfiguration<ReportSkuDay>
{
    public void Configure(EntityTypeBuilder<ReportSkuDay> r)
    {
        r.ToTable("ReportSkuDays");
        r.HasKey(x => new { x.Sku, x.Day });
        r.Property(x => x.Sku).HasMaxLength(Product.SkuMaxLength);
    }
}

internal sealed class ReportSkuWeekConfiguration : IEntityTypeConfiguration<ReportSkuWeek>
{
    public void Configure(EntityTypeBuilder<ReportSkuWeek> r)
    {
        r.ToTable("ReportSkuWeeks");
        r.HasKey(x => new { x.Sku, x.Week });
        r.Property(x => x.Sku).HasMaxLength(Product.SkuMaxLength);
    }
}

internal sealed class ReportLabelDayConfiguration : IEntityTypeConfiguration<ReportLabelDay>
{
    public void Configure(EntityTypeBuilder<ReportLabelDay> r)
    {
        r.ToTable("ReportLabelDays");
        r.HasKey(x => x.Day);
    }
}

internal sealed class ReportKeptLabelDayConfiguration : IEntityTypeConfiguration<ReportKeptLabelDay>
{
    public void Configure(EntityTypeBuilder<ReportKeptLabelDay> r)
    {
        r.ToTable("ReportKeptLabelDays");
        r.HasKey(x => new { x.Day, x.Carrier, x.LabelDay, x.Scanned });
        r.Property(x => x.Carrier).HasMaxLength(Domain.Labels.Label.CarrierMaxLength);
    }
}

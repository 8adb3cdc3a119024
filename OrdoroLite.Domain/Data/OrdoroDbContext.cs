using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// The one context of the app: orders and what they hold, stock, the report's summaries, staff
/// (Identity), and the Data Protection keys every app server shares (so a sign-in cookie from one
/// is accepted by another).
/// </summary>
public sealed class OrdoroDbContext(DbContextOptions<OrdoroDbContext> options)
    : IdentityDbContext<StaffMember>(options), IDataProtectionKeyContext
{
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<InventoryLevel> Inventory => Set<InventoryLevel>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<Label> Labels => Set<Label>();

    public DbSet<RefundRequest> RefundRequests => Set<RefundRequest>();

    /// <summary>Requests to cancel orders on their sales channels too (Channels/, the outbox the channel-sync worker sends).</summary>
    public DbSet<ChannelCancellation> ChannelCancellations => Set<ChannelCancellation>();

    // The cancellation report's summaries (Reports/ReportSummaries.cs); only the writer adds to them.
    public DbSet<ReportOrderDay> ReportOrderDays => Set<ReportOrderDay>();

    public DbSet<ReportCancelDay> ReportCancelDays => Set<ReportCancelDay>();

    public DbSet<ReportSkuDay> ReportSkuDays => Set<ReportSkuDay>();

    public DbSet<ReportSkuWeek> ReportSkuWeeks => Set<ReportSkuWeek>();

    public DbSet<ReportLabelDay> ReportLabelDays => Set<ReportLabelDay>();

    // The API's keys and idempotency keys, and webhooks (Domain/Api, Domain/Webhooks; docs/api.md).
    public DbSet<Api.ApiKey> ApiKeys => Set<Api.ApiKey>();

    public DbSet<Api.IdempotencyRecord> IdempotencyRecords => Set<Api.IdempotencyRecord>();

    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();

    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<ReportKeptLabelDay> ReportKeptLabelDays => Set<ReportKeptLabelDay>();

    /// <summary>ASP.NET Core Data Protection's key ring, shared by every app server.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(OrdoroDbContext).Assembly);
        this.GetService<IDatabaseProvider>().ConfigureModel(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Instants are stored as UTC text that sorts in time order (SQLite has no DateTimeOffset type).
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
    }
}

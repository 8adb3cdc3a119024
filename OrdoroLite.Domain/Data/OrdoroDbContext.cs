using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data;

public sealed class OrdoroDbContext(DbContextOptions<OrdoroDbContext> options) : IdentityDbContext<StaffMember>(options)
{
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<InventoryLevel> Inventory => Set<InventoryLevel>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<Label> Labels => Set<Label>();

    public DbSet<RefundRequest> RefundRequests => Set<RefundRequest>();

    internal bool SavingInBulk { get; private set; }

    /// <summary>
    /// SaveChanges for hundreds to hundreds of thousands of rows (bulk actions, import), as the last
    /// step of an operation inside its open transaction. The provider's database service writes
    /// them its fastest way (on SQLite: <see cref="SqliteBulkDatabase"/>); anywhere else this is
    /// plain SaveChanges. Afterwards the context tracks nothing: it has done its one operation.
    /// </summary>
    /// <param name="changed">
    /// When given, only these entities (and the new entities they now reach) are checked for
    /// changes: comparing every tracked entity with its snapshot (order lines, untouched orders)
    /// cost as much as writing the rows of a 10,000-order cancel.
    /// </param>
    public async Task SaveInBulkAsync(CancellationToken ct, IEnumerable<object>? changed = null)
    {
        if (changed is null)
        {
            ChangeTracker.DetectChanges();
        }
        else
        {
            foreach (var entity in changed)
            {
                Entry(entity).DetectChanges();
            }
        }

        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        SavingInBulk = true;
        try
        {
            // Not accepting the changes saves a pass over every entry; Clear leaves nothing to save twice.
            await SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            ChangeTracker.Clear();
        }
        finally
        {
            SavingInBulk = false;
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Inserts new aggregates (each root with the entities its navigations hold) without tracking
    /// them, inside the caller's open transaction: an import's 100,000 orders. On SQLite,
    /// <see cref="SqliteGraphWriter"/> writes them; anywhere else they are added and saved.
    /// </summary>
    public async Task InsertInBulkAsync<TRoot>(IReadOnlyCollection<TRoot> roots, CancellationToken ct)
        where TRoot : class
    {
        if (!Database.IsSqlite() || Database.CurrentTransaction is null)
        {
            Set<TRoot>().AddRange(roots);
            await SaveChangesAsync(ct);
            return;
        }

        var type = Model.FindEntityType(typeof(TRoot))!;
        using var writer = new SqliteGraphWriter((Microsoft.Data.Sqlite.SqliteConnection)Database.GetDbConnection());
        try
        {
            foreach (var root in roots)
            {
                writer.Insert(type, root);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", e);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(OrdoroDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Instants are stored as UTC text that sorts in time order (SQLite has no DateTimeOffset type).
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
    }
}

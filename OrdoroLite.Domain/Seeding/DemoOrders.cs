using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.Domain.Seeding;

/// <summary>Fills a new, migrated database with the demo world (the same code for 2,000 orders or a million).</summary>
public static class DemoOrders
{
    /// <summary>Orders written per call of the writer: small enough to keep memory flat at a million.</summary>
    private const int Batch = 5_000;

    /// <summary>
    /// Generates the demo world through the domain's own rules and writes it through the one writer,
    /// in one transaction: all of it or nothing. Stock and the report's summaries are written once,
    /// at the end, as the sums of what every order stated.
    /// </summary>
    /// <param name="carriers">The carrier rules the labels follow; null: the default profiles.</param>
    /// <exception cref="InvalidOperationException">The database already has warehouses, products or orders.</exception>
    public static Task<SeedSummary> SeedAsync(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock,
        SeedSize? size = null, int seed = DemoDataGenerator.DefaultSeed, CancellationToken ct = default, CarrierRules? carriers = null)
    {
        size ??= SeedSize.Demo;
        var now = clock.GetUtcNow();
        return OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            if (await db.Warehouses.AnyAsync(token) || await db.Products.AnyAsync(token) || await db.Orders.AnyAsync(token))
            {
                throw new InvalidOperationException(
                    "Demo data goes only into a new database, and this one already has warehouses, products or orders.");
            }

            var generator = new DemoDataGenerator(seed, carriers);
            var warehouses = generator.Warehouses();
            var products = generator.Products(size.Products);
            db.Warehouses.AddRange(warehouses);
            db.Products.AddRange(products);
            await db.SaveChangesAsync(token);

            var book = InventoryBook.Empty();
            var report = new ReportChange();
            var counts = new SeedCounts();
            foreach (var batch in generator.Orders(warehouses, products, now, size.Orders, book, Batch, counts, token))
            {
                await StoreWriter.SaveAsync(db, batch, book: null, collect: report, token);
            }

            generator.StockShelves(warehouses, products, book);
            await StoreWriter.SaveAsync(db, [], book, token);
            await StoreWriter.WriteReportAsync(db, report, token);
            return new SeedSummary(warehouses.Count, products.Count, size.Orders, counts.Lines, counts.Labels, counts.Refunds,
                counts.Events, counts.ByStatus);
        }, ct);
    }
}

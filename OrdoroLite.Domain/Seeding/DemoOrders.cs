using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;

namespace OrdoroLite.Domain.Seeding;

/// <summary>Fills a new, migrated database with the demo world (the same code for 2,000 orders or a million).</summary>
public static class DemoOrders
{
    public static async Task<SeedSummary> SeedAsync(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock,
        SeedSize? size = null, int seed = DemoDataGenerator.DefaultSeed, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Warehouses.AnyAsync(ct) || await db.Products.AnyAsync(ct) || await db.Orders.AnyAsync(ct))
        {
            throw new InvalidOperationException(
                "Demo data goes only into a new database, and this one already has warehouses, products or orders.");
        }

        var generator = new DemoDataGenerator(seed);
        var now = clock.GetUtcNow();
        return SqliteBulkWriter.WriteAll(db, sink => generator.Generate(sink, now, size ?? SeedSize.Demo, ct));
    }
}

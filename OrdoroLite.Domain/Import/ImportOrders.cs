using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;

namespace OrdoroLite.Domain.Import;

/// <summary>What an import did, for the dialog and the command line alike.</summary>
public sealed record ImportSummary(
    string Source,
    int OrdersInFile,
    int Imported,
    int AlreadyPresent,
    int CancelledIgnored,
    IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public IEnumerable<string> Lines()
    {
        if (!Succeeded)
        {
            yield return $"{Source}: nothing was imported because the file has {Problems.Count} problem(s). Fix them and import the whole file again:";
            foreach (var problem in Problems)
            {
                yield return "  " + problem;
            }

            yield break;
        }

        yield return $"{Source}: {OrdersInFile:N0} order(s) in the file.";
        yield return $"  {Imported:N0} imported";
        yield return $"  {AlreadyPresent:N0} already present (unchanged)";
        yield return $"  {CancelledIgnored:N0} already present and cancelled (left cancelled; noted on their timelines)";
    }
}

/// <summary>
/// Imports orders from a channel CSV. Keyed by (channel, channel order id), compared as keys
/// (<see cref="Keys"/>: letter case, surrounding spaces, Unicode form): an order that exists, in any
/// status, is never created twice and never un-cancelled. A file with any problem imports
/// nothing. One write transaction for the whole file, through the one writer (Data/StoreWriter).
/// </summary>
public sealed class ImportOrders(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <summary>Reads the whole file, then imports it in one write transaction, or nothing when it has any problem.</summary>
    /// <exception cref="DomainException">The database stayed busy (nothing was imported).</exception>
    public async Task<ImportSummary> RunAsync(Stream file, string fileName, Actor by, CancellationToken ct = default)
    {
        var source = $"file {Path.GetFileName(fileName)}";
        var (lines, problems) = await OrderCsv.ReadAsync(file, ct);
        var orderCount = lines.Select(l => l.Key).Distinct().Count();
        if (problems.Count > 0)
        {
            // The rows that did parse are checked against the catalog too, so one try lists every problem of the file.
            await using var read = await contexts.CreateDbContextAsync(ct);
            var (_, _, unknownToo) = await ReferencesAsync(read, lines, ct);
            return new ImportSummary(source, orderCount, 0, 0, 0, Sorted([.. problems, .. unknownToo]));
        }

        return await OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var (products, warehouseIds, unknown) = await ReferencesAsync(db, lines, token);
            if (unknown.Count > 0)
            {
                return new ImportSummary(source, orderCount, 0, 0, 0, Sorted(unknown));
            }

            var existing = await ExistingAsync(db, lines, token);
            var spellings = await ChannelSpellingsAsync(db, lines, token);
            var now = clock.GetUtcNow();
            var newOrders = lines.Where(l => !existing.ContainsKey(l.Key)).GroupBy(l => l.Key).ToList();
            var book = await LoadInventoryAsync(db, newOrders.SelectMany(o => o), products, token);

            var imported = newOrders.Select(order =>
            {
                var first = order.First();
                // A channel keeps the spelling of its first order, so the report counts one channel, not two.
                var data = new NewOrder(spellings.GetValueOrDefault(Keys.Of(first.Channel), first.Channel), first.ChannelOrderId,
                    first.OrderDate, first.CustomerName, first.CustomerEmail, first.ShipTo, warehouseIds[Keys.Of(first.Warehouse)],
                    order.Select(l => new NewOrderLine(products[Keys.Of(l.Sku)], l.Quantity, l.UnitPriceCents)).ToList());
                return Order.Import(data, by, now, book, source);
            }).ToList();

            var cancelled = existing.Values.Where(o => o.Status == OrderStatus.Cancelled).ToList();
            foreach (var order in cancelled)
            {
                order.NoteReimportIgnored(source, by, now);
            }

            // The new orders with the stock they commit, and the notes on cancelled orders.
            await OrdoroStore.SaveAsync(db, [.. imported, .. cancelled], book, token);
            return new ImportSummary(source, orderCount, newOrders.Count, existing.Count - cancelled.Count, cancelled.Count, []);
        }, ct);
    }

    private static List<ImportProblem> Sorted(List<ImportProblem> problems) => problems.OrderBy(p => p.Line).ToList();

    /// <summary>
    /// The products and warehouses the lines name, found by their keys (Common/Keys: "mug-1 " is
    /// MUG-1), and a problem for every line naming one that does not exist.
    /// </summary>
    private static async Task<(Dictionary<string, Product> Products, Dictionary<string, int> WarehouseIds, List<ImportProblem> Unknown)> ReferencesAsync(
        OrdoroDbContext db, List<CsvOrderLine> lines, CancellationToken ct)
    {
        var skuKeys = lines.Select(l => Keys.Of(l.Sku)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skuKeys.Contains(p.SkuKey!)).ToDictionaryAsync(p => p.SkuKey!, ct);
        var warehouses = await db.Warehouses.AsNoTracking().ToListAsync(ct);
        var warehouseIds = warehouses.ToDictionary(w => w.NameKey ?? Keys.Of(w.Name), w => w.Id);
        var unknown = lines.Where(l => !products.ContainsKey(Keys.Of(l.Sku))).Select(l => new ImportProblem(l.Line, $"unknown SKU \"{l.Sku}\"."))
            .Concat(lines.Where(l => !warehouseIds.ContainsKey(Keys.Of(l.Warehouse)))
                .Select(l => new ImportProblem(l.Line, $"unknown warehouse \"{l.Warehouse}\". Warehouses: {string.Join(", ", warehouses.Select(w => w.Name))}.")))
            .ToList();
        return (products, warehouseIds, unknown);
    }

    /// <summary>The orders already stored under the file's (channel, channel order id) keys.</summary>
    private static async Task<Dictionary<(string, string), Order>> ExistingAsync(
        OrdoroDbContext db, List<CsvOrderLine> lines, CancellationToken ct)
    {
        var found = new Dictionary<(string, string), Order>();
        foreach (var channel in lines.GroupBy(l => l.Key.Channel))
        {
            var ids = channel.Select(l => l.Key.ChannelOrderId).Distinct().ToList();
            var orders = await db.Orders.AsNoTracking()
                .Where(o => o.ChannelKey == channel.Key && ids.Contains(o.ChannelOrderIdKey!))
                .ToListAsync(ct);
            foreach (var order in orders)
            {
                found[(order.ChannelKey!, order.ChannelOrderIdKey!)] = order;
            }
        }

        return found;
    }

    /// <summary>How each of the file's channels is already spelled in the database (one index seek per channel).</summary>
    private static async Task<Dictionary<string, string>> ChannelSpellingsAsync(OrdoroDbContext db, List<CsvOrderLine> lines, CancellationToken ct)
    {
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in lines.Select(l => l.Key.Channel).Distinct())
        {
            if (await db.Orders.AsNoTracking().Where(o => o.ChannelKey == key).Select(o => o.Channel).FirstOrDefaultAsync(ct) is { } spelled)
            {
                spellings[key] = spelled;
            }
        }

        return spellings;
    }

    private static async Task<InventoryBook> LoadInventoryAsync(OrdoroDbContext db, IEnumerable<CsvOrderLine> lines,
        Dictionary<string, Product> products, CancellationToken ct)
    {
        var productIds = lines.Select(l => products[Keys.Of(l.Sku)].Id).Distinct().ToList();
        var levels = await db.Inventory.AsNoTracking().Where(l => productIds.Contains(l.ProductId)).ToListAsync(ct);
        return new InventoryBook(levels);
    }
}

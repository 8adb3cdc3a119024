using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;

namespace OrdoroLite.Domain.Import;

/// <summary>What an import did, for the dialog and the command line alike.</summary>
/// <param name="Imported">New orders created, those that arrived already cancelled included (<see cref="ImportedCancelled"/>).</param>
/// <param name="AlreadyPresent">Open rows of orders that exist and are not cancelled: left unchanged.</param>
/// <param name="CancelledIgnored">Open rows of orders cancelled here: left cancelled, the attempt noted on their timelines.</param>
public sealed record ImportSummary(
    string Source,
    int OrdersInFile,
    int Imported,
    int AlreadyPresent,
    int CancelledIgnored,
    IReadOnlyList<ImportProblem> Problems)
{
    /// <summary>New orders the channel had already cancelled: created Cancelled, no stock committed.</summary>
    public int ImportedCancelled { get; init; }

    /// <summary>Open orders the channel cancelled: Cancelled, their committed units released.</summary>
    public int CancelledOnChannelStockReleased { get; init; }

    /// <summary>Orders shipped without a label that the channel cancelled: Cancelled, no stock moved.</summary>
    public int CancelledOnChannelShippedWithoutLabel { get; init; }

    /// <summary>Orders shipped with an Active label that the channel cancelled: Cancelled, the label kept (Needs attention).</summary>
    public int CancelledOnChannelLabelKept { get; init; }

    /// <summary>Cancelled rows of orders already cancelled here: nothing new.</summary>
    public int AlreadyCancelled { get; init; }

    /// <summary>Orders that existed and that this file cancelled, whatever their status was.</summary>
    public int CancelledOnChannel => CancelledOnChannelStockReleased + CancelledOnChannelShippedWithoutLabel + CancelledOnChannelLabelKept;

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
        yield return ImportedCancelled == 0
            ? $"  {Imported:N0} imported"
            : $"  {Imported:N0} imported, {ImportedCancelled:N0} of them already cancelled on the channel (created Cancelled, no stock committed)";
        yield return $"  {AlreadyPresent:N0} already present (unchanged)";
        yield return $"  {CancelledIgnored:N0} already present and cancelled (left cancelled; noted on their timelines)";
        if (CancelledOnChannel > 0)
        {
            yield return $"  {CancelledOnChannel:N0} cancelled on the channel: {CancelledOnChannelStockReleased:N0} released their committed stock, " +
                $"{CancelledOnChannelShippedWithoutLabel:N0} shipped without a label, " +
                $"{CancelledOnChannelLabelKept:N0} shipped with an active label (label kept; see Needs attention)";
        }

        if (AlreadyCancelled > 0)
        {
            yield return $"  {AlreadyCancelled:N0} cancelled on the channel and already cancelled here (nothing new)";
        }
    }
}

/// <summary>
/// Imports orders from a channel CSV. Keyed by (channel, channel order id), compared as keys
/// (<see cref="Keys"/>: letter case, surrounding spaces, Unicode form): an order that exists, in any
/// status, is never created twice and never un-cancelled. A row with status "cancelled" is the
/// channel's cancellation (docs/channels.md, "In"): an existing order is cancelled by its rules
/// (<see cref="Order.CancelOnChannel"/>), a new one is created Cancelled. A file with any problem
/// imports nothing. One write transaction for the whole file, through the one writer (Data/StoreWriter).
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

        var summary = await OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var (products, warehouseIds, unknown) = await ReferencesAsync(db, lines, token);
            if (unknown.Count > 0)
            {
                return new ImportSummary(source, orderCount, 0, 0, 0, Sorted(unknown));
            }

            var existing = await ExistingAsync(db, lines, token);
            var spellings = await ChannelSpellingsAsync(db, lines, token);
            var now = clock.GetUtcNow();
            var cancelledInFile = lines.Where(l => l.Cancelled).Select(l => l.Key).ToHashSet();
            var newOrders = lines.Where(l => !existing.ContainsKey(l.Key)).GroupBy(l => l.Key).ToList();

            // Orders the channel cancelled that are not cancelled here: loaded with what their rules read.
            var toCancelNumbers = existing.Where(e => cancelledInFile.Contains(e.Key) && e.Value.Status != OrderStatus.Cancelled)
                .Select(e => e.Value.Number).ToList();
            var toCancel = toCancelNumbers.Count == 0 ? [] : await OrderBatch.LoadAsync(db, toCancelNumbers, token);
            var book = await LoadInventoryAsync(db, newOrders.SelectMany(o => o), products, toCancel, token);

            var imported = newOrders.Select(order =>
            {
                var first = order.First();
                // A channel keeps the spelling of its first order, so the report counts one channel, not two.
                var data = new NewOrder(spellings.GetValueOrDefault(Keys.Of(first.Channel), first.Channel), first.ChannelOrderId,
                    first.OrderDate, first.CustomerName, first.CustomerEmail, first.ShipTo, warehouseIds[Keys.Of(first.Warehouse)],
                    order.Select(l => new NewOrderLine(products[Keys.Of(l.Sku)], l.Quantity, l.UnitPriceCents)).ToList(),
                    CancelledOnChannel: first.Cancelled);
                return Order.Import(data, by, now, book, source);
            }).ToList();

            var channelSource = $"{source}, imported by {by.Name}";
            var outcomes = toCancel.Select(order => order.CancelOnChannel(channelSource, now, book)).ToList();

            // An open row never un-cancels an order cancelled here; the attempt is noted. A cancelled row for it is nothing new.
            var cancelled = existing.Where(e => e.Value.Status == OrderStatus.Cancelled).ToList();
            var reimported = cancelled.Where(e => !cancelledInFile.Contains(e.Key)).Select(e => e.Value).ToList();
            foreach (var order in reimported)
            {
                order.NoteReimportIgnored(source, by, now);
            }

            // The new orders with the stock they commit, the channel's cancellations, and the notes on cancelled orders.
            await OrdoroStore.SaveAsync(db, [.. imported, .. toCancel, .. reimported], book, token);
            var open = existing.Count(e => !cancelledInFile.Contains(e.Key) && e.Value.Status != OrderStatus.Cancelled);
            return new ImportSummary(source, orderCount, newOrders.Count, open, reimported.Count, [])
            {
                ImportedCancelled = imported.Count(o => o.Status == OrderStatus.Cancelled),
                CancelledOnChannelStockReleased = outcomes.Count(o => o == ChannelCancelOutcome.StockReleased),
                CancelledOnChannelShippedWithoutLabel = outcomes.Count(o => o == ChannelCancelOutcome.ShippedWithoutLabel),
                CancelledOnChannelLabelKept = outcomes.Count(o => o == ChannelCancelOutcome.LabelKept),
                AlreadyCancelled = cancelled.Count - reimported.Count,
            };
        }, ct);

        if (summary.Imported > 0)
        {
            // After the commit, outside the write lock: a first big import can double the orders. The
            // orders are in; statistics another writer keeps from being taken now are taken next time.
            try
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                await OrdoroData.RefreshStatisticsAsync(db, ct);
            }
            catch (System.Data.Common.DbException)
            {
            }
        }

        return summary;
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

    /// <summary>The stock the new orders commit and the channel's cancellations release, by product (every warehouse).</summary>
    private static async Task<InventoryBook> LoadInventoryAsync(OrdoroDbContext db, IEnumerable<CsvOrderLine> lines,
        Dictionary<string, Product> products, IEnumerable<Order> toCancel, CancellationToken ct)
    {
        var productIds = lines.Select(l => products[Keys.Of(l.Sku)].Id)
            .Concat(toCancel.SelectMany(o => o.Lines.Select(l => l.ProductId)))
            .Distinct().ToList();
        var levels = await db.Inventory.AsNoTracking().Where(l => productIds.Contains(l.ProductId)).ToListAsync(ct);
        return new InventoryBook(levels);
    }
}

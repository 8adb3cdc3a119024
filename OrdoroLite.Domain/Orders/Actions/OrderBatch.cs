using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;

namespace OrdoroLite.Domain.Orders.Actions;

/// <summary>
/// The shape every bulk order action shares: one short-lived context, one write transaction
/// that takes SQLite's write lock before reading (so two staff acting at once are serialized
/// and the second sees the first's result), the orders and their stock loaded in a few queries,
/// then one decision per order. A refused order is skipped before anything of it changes; an
/// unexpected failure rolls the whole batch back (docs/domain-rules.md, "Bulk actions").
/// </summary>
internal static class OrderBatch
{
    public const int MaxOrders = 10_000;

    public delegate OrderOutcome Step(Order order, InventoryBook book);

    public static async Task<BulkOutcome> RunAsync(
        IDbContextFactory<OrdoroDbContext> contexts,
        IReadOnlyCollection<int> orderNumbers,
        string doneVerb,
        Step step,
        CancellationToken ct)
    {
        var numbers = Validate(orderNumbers);

        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.BeginWriteAsync(ct);

        // The numbers go as one JSON parameter (OrdoroData.CollectionsAsOneParameter): with 10,000
        // numbers, binding 10,000 named parameters took most of a minute.
        var orders = await db.Orders
            .Where(o => numbers.Contains(o.Number))
            .Include(o => o.Lines)
            .Include(o => o.Labels)
            .AsSplitQuery()
            .ToDictionaryAsync(o => o.Number, ct);
        var book = await LoadInventoryAsync(db, orders.Values, ct);

        var outcomes = numbers
            .Select(n => orders.TryGetValue(n, out var order) ? step(order, book) : OrderOutcome.NotFound(n))
            .ToList();

        // A step changes only its order (with what the order holds) and stock levels.
        var done = outcomes.Where(o => o.Kind == OutcomeKind.Done).Select(o => o.OrderNumber).ToList();
        await db.SaveInBulkAsync(done.Select(n => (object)orders[n]).Concat(book.Levels), changedOrders: done, ct);
        await tx.CommitAsync(ct);
        return new BulkOutcome(doneVerb, outcomes);
    }

    private static List<int> Validate(IReadOnlyCollection<int> orderNumbers)
    {
        if (orderNumbers.Count == 0)
        {
            throw new InvalidRequestException("No orders were selected. Select at least one order.");
        }

        var numbers = orderNumbers.Distinct().ToList();
        if (numbers.Count > MaxOrders)
        {
            throw new InvalidRequestException(
                $"{numbers.Count:N0} orders were selected; one action takes at most {MaxOrders:N0}. Nothing was changed.");
        }

        return numbers;
    }

    private static async Task<InventoryBook> LoadInventoryAsync(
        OrdoroDbContext db, IEnumerable<Order> orders, CancellationToken ct)
    {
        var keys = orders.SelectMany(o => o.Lines.Select(l => new { l.ProductId, o.WarehouseId })).Distinct().ToList();
        var productIds = keys.Select(k => k.ProductId).Distinct().ToList();
        var warehouseIds = keys.Select(k => k.WarehouseId).Distinct().ToList();
        var levels = await db.Inventory
            .Where(l => productIds.Contains(l.ProductId) && warehouseIds.Contains(l.WarehouseId))
            .ToListAsync(ct);
        return new InventoryBook(levels, created => db.Inventory.Add(created));
    }
}

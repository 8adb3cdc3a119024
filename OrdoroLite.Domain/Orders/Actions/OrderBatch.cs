using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;

namespace OrdoroLite.Domain.Orders.Actions;

/// <summary>
/// The shape every bulk order action shares (docs/domain-rules.md, "Bulk actions"): the orders and
/// their stock loaded in a few queries, one decision per order by its own rules, and the one
/// writer saving what changed, all in one write transaction (<see cref="OrdoroStore.WriteAsync"/>).
/// A refused order is skipped before anything of it changes. If another writer changed one of the
/// orders meanwhile — one it changed or one it skipped — the whole batch runs again on fresh data,
/// so "cancelling twice cancels once" holds on any database, and two batches over the same orders
/// end as one after the other.
/// </summary>
internal static class OrderBatch
{
    /// <summary>The most orders one action takes (spec: a bulk action reports per order; larger runs are jobs).</summary>
    public const int MaxOrders = 10_000;

    public delegate OrderOutcome Step(Order order, InventoryBook book);

    /// <exception cref="InvalidRequestException">No order, or more than <see cref="MaxOrders"/>, were selected.</exception>
    /// <exception cref="DomainException">The database stayed busy or conflicts persisted; nothing was changed.</exception>
    public static Task<BulkOutcome> RunAsync(
        IDbContextFactory<OrdoroDbContext> contexts,
        IReadOnlyCollection<int> orderNumbers,
        string doneVerb,
        Step step,
        CancellationToken ct)
    {
        var numbers = Validate(orderNumbers);
        return OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var orders = (await LoadAsync(db, numbers, token)).ToDictionary(o => o.Number);
            var book = await LoadInventoryAsync(db, orders.Values, token);

            var outcomes = numbers
                .Select(n => orders.TryGetValue(n, out var order) ? step(order, book) : OrderOutcome.NotFound(n))
                .ToList();

            // A step changes only its order (with what the order holds) and stock levels. Every loaded order
            // goes to the writer: the skipped ones too, whose versions it checks (a skip is a decision).
            await OrdoroStore.SaveAsync(db, orders.Values.ToList(), book, token);
            return new BulkOutcome(doneVerb, outcomes);
        }, ct);
    }

    /// <summary>
    /// Orders with what their rules read (lines, labels and their refund requests, channel cancellations), untracked:
    /// the writer saves what they state, not what a change tracker noticed. The timeline is not
    /// loaded; events an action appends are the new ones.
    /// </summary>
    internal static Task<List<Order>> LoadAsync(OrdoroDbContext db, IReadOnlyCollection<int> numbers, CancellationToken ct) =>
        // The numbers go as one JSON parameter (collections as one parameter, Data/<Provider>): with
        // 10,000 numbers, binding 10,000 named parameters took most of a minute.
        db.Orders.AsNoTracking()
            .Where(o => numbers.Contains(o.Number))
            .Include(o => o.Lines)
            .Include(o => o.Labels).ThenInclude(l => l.Refund)
            .Include(o => o.ChannelCancellations)
            .AsSplitQuery()
            .ToListAsync(ct);

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
        var levels = await db.Inventory.AsNoTracking()
            .Where(l => productIds.Contains(l.ProductId) && warehouseIds.Contains(l.WarehouseId))
            .ToListAsync(ct);
        return new InventoryBook(levels);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// Finds demo orders for a browser test in the app's own database and claims them, so each test
/// works on orders no other test touches and the tests can run in any order.
/// </summary>
public static class OrderFinder
{
    /// <summary>Claims <paramref name="count"/> orders that match, preferring the order of <paramref name="candidates"/> when given.</summary>
    public static async Task<IReadOnlyList<OrderFacts>> ClaimAsync(this AppServer app, int count,
        Func<IQueryable<Order>, IQueryable<Order>> filter, IReadOnlyList<int>? candidates = null)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var warehouses = await db.Warehouses.ToDictionaryAsync(w => w.Id, w => w.Name);
        lock (app.ClaimedOrders)
        {
            var claimed = app.ClaimedOrders.ToList();
            var query = filter(db.Orders.Where(o => !claimed.Contains(o.Number)));
            if (candidates is not null)
            {
                query = query.Where(o => candidates.Contains(o.Number));
            }

            var found = query
                .Select(o => new
                {
                    o.Number,
                    o.WarehouseId,
                    Lines = o.Lines.Select(l => new OrderLineFacts(l.Sku, l.Quantity)).ToList(),
                    // An order has at most one Active label.
                    Tracking = o.Labels.Where(l => l.State == LabelState.Active).Select(l => l.TrackingNumber).Max(),
                })
                .ToList()
                .OrderBy(o => candidates is null ? o.Number : candidates.ToList().IndexOf(o.Number))
                .Take(count)
                .Select(o => new OrderFacts(o.Number, warehouses[o.WarehouseId], o.Lines, o.Tracking))
                .ToList();
            if (found.Count < count)
            {
                throw new InvalidOperationException($"The demo data has only {found.Count} unclaimed orders of the kind this test needs, not {count}.");
            }

            app.ClaimedOrders.UnionWith(found.Select(o => o.Number));
            return found;
        }
    }

    public static async Task<OrderFacts> ClaimOneAsync(this AppServer app, Func<IQueryable<Order>, IQueryable<Order>> filter,
        IReadOnlyList<int>? candidates = null) =>
        (await app.ClaimAsync(1, filter, candidates))[0];

    public static IQueryable<Order> AwaitingWithOneLine(IQueryable<Order> orders) =>
        orders.Where(o => o.Status == OrderStatus.AwaitingFulfillment && o.Lines.Count == 1);

    public static IQueryable<Order> ShippedWithActiveLabel(IQueryable<Order> orders) =>
        orders.Where(o => o.Status == OrderStatus.Shipped && o.Lines.Count == 1 && o.Labels.Any(l => l.State == LabelState.Active));

    /// <summary>
    /// Shipped with an Active label whose deletion asks the carrier for a refund: not scanned yet (a scanned
    /// one's refund is refused at once) and of a carrier that bills at purchase (FedEx and DHL bill only
    /// scanned labels, so there is nothing to refund; docs/refunds.md).
    /// </summary>
    public static IQueryable<Order> ShippedWithRefundableLabel(IQueryable<Order> orders) =>
        ShippedWithActiveLabel(orders)
            .Where(o => o.Labels.Any(l => l.State == LabelState.Active && l.ScannedAt == null && l.Carrier != "FedEx" && l.Carrier != "DHL"));
}

public sealed record OrderLineFacts(string Sku, int Quantity);

/// <summary>What a test needs to know of an order: its ship-from warehouse, its lines and its active label's tracking.</summary>
public sealed record OrderFacts(int Number, string Warehouse, IReadOnlyList<OrderLineFacts> Lines, string? ActiveTracking)
{
    public OrderLineFacts Line => Lines.Single();
}

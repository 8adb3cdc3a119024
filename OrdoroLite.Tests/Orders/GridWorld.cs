using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace OrdoroLite.Tests.Orders;

/// <summary>Places orders with chosen customers, channels and dates, for grid tests.</summary>
public sealed class GridWorld(Scenario scenario)
{
    private int _next;

    public Scenario Scenario { get; } = scenario;

    public async Task<int> PlaceAsync(
        int warehouseId,
        Product product,
        string customer = "Casey Customer",
        string? email = null,
        string channel = "Shopify",
        string? channelOrderId = null,
        DateTimeOffset? date = null,
        int quantity = 1)
    {
        _next++;
        return await OrdoroStore.WriteAsync(Scenario.Database, async (db, ct) =>
        {
            var book = new InventoryBook(await db.Inventory.AsNoTracking().Where(l => l.WarehouseId == warehouseId).ToListAsync(ct));
            var order = Order.Import(
                new NewOrder(channel, channelOrderId ?? $"CH-{_next:D5}", date ?? Scenario.Clock.GetUtcNow().AddMinutes(-_next),
                    customer, email ?? $"{customer.Split(' ')[0].ToLowerInvariant()}@example.com",
                    new Address("1 Main St", "Springfield", "IL", "62701", "US"), warehouseId,
                    [new NewOrderLine(product, quantity, 1_250)]),
                Actor.System("test import"), Scenario.Clock.GetUtcNow(), book, "test.csv");
            await OrdoroStore.SaveAsync(db, [order], book, ct);
            return order.Number;
        }, default);
    }
}

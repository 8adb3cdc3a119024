using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// A small warehouse world for rule tests: warehouses, products with stock, and helpers that
/// place orders and run the real use-case services over the test database.
/// </summary>
public sealed class Scenario(TestDatabase database)
{
    public static readonly Actor Alice = new("user-alice", "Alice Staff");
    public static readonly Actor Bob = new("user-bob", "Bob Staff");

    public TestDatabase Database { get; } = database;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 15, 30, 0, TimeSpan.Zero));

    public CancelOrders Cancel => new(Database, Clock);

    public RestoreOrders Restore => new(Database, Clock);

    public DeleteLabels DeleteLabels => new(Database, Clock);

    public CreateLabels CreateLabels => new(Database, new SandboxCarrier(), Clock);

    public AddComment AddComment => new(Database, Clock);

    public async Task<int> AddWarehouseAsync(string name)
    {
        await using var db = Database.CreateDbContext();
        var warehouse = new Warehouse(name);
        db.Warehouses.Add(warehouse);
        await db.SaveChangesAsync();
        return warehouse.Id;
    }

    /// <summary>Adds a product with the given Physical On Hand at each listed warehouse.</summary>
    public async Task<Product> AddProductAsync(string sku, bool dropshipped = false, params (int WarehouseId, int OnHand)[] stock)
    {
        await using var db = Database.CreateDbContext();
        var product = new Product(sku, $"Product {sku}", dropshipped);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        foreach (var (warehouseId, onHand) in stock)
        {
            db.Inventory.Add(new InventoryLevel(product.Id, warehouseId, onHand));
        }

        await db.SaveChangesAsync();
        return product;
    }

    /// <summary>Places an order the way an import does: Awaiting Fulfillment (or Dropshipment Requested), stock committed.</summary>
    public Task<int> PlaceOrderAsync(int warehouseId, params (Product Product, int Quantity)[] lines) =>
        PlaceOrderAsync(warehouseId, Clock.GetUtcNow().AddDays(-1), "Shopify", lines);

    /// <summary>Places an order with a given order date and sales channel (reports count by order date).</summary>
    public async Task<int> PlaceOrderAsync(int warehouseId, DateTimeOffset orderDate, string channel,
        params (Product Product, int Quantity)[] lines)
    {
        await using var db = Database.CreateDbContext();
        var levels = await db.Inventory.Where(l => l.WarehouseId == warehouseId).ToListAsync();
        var book = new InventoryBook(levels, created => db.Inventory.Add(created));
        var channelOrderId = Guid.NewGuid().ToString("N")[..12];
        var order = Order.Import(
            new NewOrder(channel, channelOrderId, orderDate, "Casey Customer",
                "casey@example.com", new Address("1 Main St", "Springfield", "IL", "62701", "US"), warehouseId,
                lines.Select(l => new NewOrderLine(l.Product, l.Quantity, 1_999)).ToList()),
            Actor.System("test import"), Clock.GetUtcNow(), book, "test.csv");
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Number;
    }

    public async Task<InventoryLevel> LevelAsync(Product product, int warehouseId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Inventory.AsNoTracking().SingleAsync(l => l.ProductId == product.Id && l.WarehouseId == warehouseId);
    }

    public async Task<Order> OrderAsync(int number)
    {
        await using var db = Database.CreateDbContext();
        return await db.Orders.AsNoTracking()
            .Include(o => o.Lines)
            .Include(o => o.Labels).ThenInclude(l => l.Refund)
            .Include(o => o.Events)
            .AsSplitQuery()
            .SingleAsync(o => o.Number == number);
    }
}

using OrdoroLite.Domain.Products;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// The arrangement most rule tests share, over a fresh database (in memory unless a test asks for a file): warehouses East and
/// West, a stocked widget and gadget at both, and a dropshipped product. West is there to show
/// that an order's inventory effects land at its own warehouse only.
/// </summary>
public abstract class TwoWarehouses : IAsyncLifetime
{
    protected TwoWarehouses()
        : this(TestDatabase.InMemory())
    {
    }

    protected TwoWarehouses(TestDatabase database)
    {
        Database = database;
        World = new Scenario(Database);
    }

    protected TestDatabase Database { get; }

    protected Scenario World { get; }

    protected int East { get; private set; }

    protected int West { get; private set; }

    /// <summary>10 on hand at East and at West.</summary>
    protected Product Widget { get; private set; } = null!;

    /// <summary>20 on hand at East and at West.</summary>
    protected Product Gadget { get; private set; } = null!;

    /// <summary>Shipped by its supplier; none on our shelves.</summary>
    protected Product Dropshipped { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        East = await World.AddWarehouseAsync("East");
        West = await World.AddWarehouseAsync("West");
        Widget = await World.AddProductAsync("W-1", stock: [(East, 10), (West, 10)]);
        Gadget = await World.AddProductAsync("G-1", stock: [(East, 20), (West, 20)]);
        Dropshipped = await World.AddProductAsync("D-1", dropshipped: true, stock: [(East, 0), (West, 0)]);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>POH and Committed of a product at a warehouse, as the database holds them.</summary>
    protected async Task<(int PhysicalOnHand, int Committed)> StockAsync(Product product, int warehouseId)
    {
        var level = await World.LevelAsync(product, warehouseId);
        return (level.PhysicalOnHand, level.Committed);
    }
}

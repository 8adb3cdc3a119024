namespace OrdoroLite.Domain.Inventory;

/// <summary>
/// The inventory levels one use case may touch, loaded once for the whole batch so that
/// an order's change is a few in-memory updates rather than a query per line.
/// </summary>
public sealed class InventoryBook
{
    private readonly Dictionary<(int ProductId, int WarehouseId), InventoryLevel> _levels;
    private readonly Action<InventoryLevel> _onCreated;

    public InventoryBook(IEnumerable<InventoryLevel> levels, Action<InventoryLevel> onCreated)
    {
        _levels = levels.ToDictionary(l => (l.ProductId, l.WarehouseId));
        _onCreated = onCreated;
    }

    /// <summary>Every level the batch loaded or created.</summary>
    public IEnumerable<InventoryLevel> Levels => _levels.Values;

    public InventoryLevel LevelOf(int productId, int warehouseId)
    {
        if (!_levels.TryGetValue((productId, warehouseId), out var level))
        {
            level = new InventoryLevel(productId, warehouseId);
            _levels.Add((productId, warehouseId), level);
            _onCreated(level);
        }

        return level;
    }
}

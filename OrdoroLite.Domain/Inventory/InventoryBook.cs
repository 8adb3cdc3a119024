namespace OrdoroLite.Domain.Inventory;

/// <summary>
/// The inventory levels one use case may touch, loaded once for the whole batch so that an
/// order's change is a few in-memory updates rather than a query per line. The levels keep what
/// the operation changed (<see cref="InventoryLevel.Change"/>); the writer adds those changes to
/// the stored levels, creating a level that does not exist yet.
/// </summary>
public sealed class InventoryBook
{
    private readonly Dictionary<(int ProductId, int WarehouseId), InventoryLevel> _levels;

    /// <param name="levels">The stored levels the operation may touch, as read (untracked).</param>
    public InventoryBook(IEnumerable<InventoryLevel> levels)
    {
        _levels = levels.ToDictionary(l => (l.ProductId, l.WarehouseId));
    }

    /// <summary>An empty book: every level starts at zero (a new database, or stock not yet read).</summary>
    public static InventoryBook Empty() => new([]);

    /// <summary>Every level the operation loaded or created.</summary>
    public IEnumerable<InventoryLevel> Levels => _levels.Values;

    /// <summary>
    /// What this operation changed, one level per product and warehouse holding the change (not the
    /// new stock): the writer adds these to the stored levels.
    /// </summary>
    internal IEnumerable<InventoryLevel> Changes => _levels.Values
        .Where(l => l.Change != default)
        .OrderBy(l => l.ProductId).ThenBy(l => l.WarehouseId)
        .Select(l => new InventoryLevel(l.ProductId, l.WarehouseId, l.Change.PhysicalOnHand, l.Change.Committed));

    public InventoryLevel LevelOf(int productId, int warehouseId)
    {
        if (!_levels.TryGetValue((productId, warehouseId), out var level))
        {
            level = new InventoryLevel(productId, warehouseId);
            _levels.Add((productId, warehouseId), level);
        }

        return level;
    }

    /// <summary>Stock received on the shelf (a delivery or a count): Physical On Hand +units.</summary>
    /// <exception cref="Common.DomainException">The level would leave the range of a stock count.</exception>
    public void Receive(int productId, int warehouseId, int units) => LevelOf(productId, warehouseId).Apply(units, 0);

    internal void AcceptChanges()
    {
        foreach (var level in _levels.Values)
        {
            level.AcceptChanges();
        }
    }
}

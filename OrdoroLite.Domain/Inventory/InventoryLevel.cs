namespace OrdoroLite.Domain.Inventory;

/// <summary>One product's stock at one warehouse.</summary>
public sealed class InventoryLevel
{
    private InventoryLevel()
    {
    }

    public InventoryLevel(int productId, int warehouseId, int physicalOnHand = 0, int committed = 0)
    {
        ProductId = productId;
        WarehouseId = warehouseId;
        PhysicalOnHand = physicalOnHand;
        Committed = committed;
    }

    public int ProductId { get; private set; }

    public int WarehouseId { get; private set; }

    /// <summary>Units physically on the shelf.</summary>
    public int PhysicalOnHand { get; private set; }

    /// <summary>Units promised to open orders shipping from this warehouse.</summary>
    public int Committed { get; private set; }

    /// <summary>May go negative; the UI shows that in red.</summary>
    public int Available => PhysicalOnHand - Committed;

    internal void Apply(int physicalOnHandDelta, int committedDelta)
    {
        PhysicalOnHand += physicalOnHandDelta;
        Committed += committedDelta;
    }
}

using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Inventory;

/// <summary>One product's stock at one warehouse (spec "Words": Physical On Hand, Committed, Available).</summary>
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

    /// <summary>
    /// What this operation changed, in units. The writer adds these to the stored level
    /// (<c>"Committed" = "Committed" + d</c>) rather than writing the values read earlier, so two
    /// writers moving the same level never overwrite each other.
    /// </summary>
    internal (int PhysicalOnHand, int Committed) Change { get; private set; }

    /// <exception cref="DomainException">The level would leave the range of a stock count (±2,147,483,647 units).</exception>
    internal void Apply(int physicalOnHandDelta, int committedDelta)
    {
        try
        {
            checked
            {
                PhysicalOnHand += physicalOnHandDelta;
                Committed += committedDelta;
                Change = (Change.PhysicalOnHand + physicalOnHandDelta, Change.Committed + committedDelta);
            }
        }
        catch (OverflowException)
        {
            throw new DomainException(
                $"The stock of product {ProductId} at warehouse {WarehouseId} would go past {int.MaxValue:N0} units. Nothing was changed.");
        }
    }

    internal void AcceptChanges() => Change = default;
}

namespace OrdoroLite.Domain.Inventory;

/// <summary>What one event did to one SKU's stock at one warehouse; kept on the timeline.</summary>
public sealed record InventoryChange(string Sku, int WarehouseId, int PhysicalOnHandDelta, int CommittedDelta);

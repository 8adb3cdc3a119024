namespace OrdoroLite.Domain.Orders;

/// <summary>A line as the sales channel sent it; lines never change after import.</summary>
public sealed class OrderLine
{
    private OrderLine()
    {
        Sku = "";
    }

    internal OrderLine(int productId, string sku, int quantity, long unitPriceCents)
    {
        ProductId = productId;
        Sku = sku;
        Quantity = quantity;
        UnitPriceCents = unitPriceCents;
    }

    /// <summary>0 until the writer stores the line.</summary>
    public int Id { get; private set; }

    public int OrderNumber { get; private set; }

    public int ProductId { get; private set; }

    /// <summary>Copied from the product so the timeline and grids need no join.</summary>
    public string Sku { get; private set; }

    public int Quantity { get; private set; }

    public long UnitPriceCents { get; private set; }

    internal void BelongsTo(int orderNumber) => OrderNumber = orderNumber;

    internal void Stored(int id) => Id = id;
}

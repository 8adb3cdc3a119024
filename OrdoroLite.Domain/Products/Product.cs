namespace OrdoroLite.Domain.Products;

public sealed class Product
{
    public const int SkuMaxLength = 64;
    public const int NameMaxLength = 200;

    private Product()
    {
        Sku = "";
        Name = "";
    }

    public Product(string sku, string name, bool isDropshipped)
    {
        Sku = sku;
        SkuKey = Common.Keys.Of(sku);
        Name = name;
        IsDropshipped = isDropshipped;
    }

    public int Id { get; private set; }

    public string Sku { get; private set; }

    /// <summary>The SKU as a key (<see cref="Common.Keys"/>): unique, what imports look products up by.</summary>
    public string? SkuKey { get; private set; }

    public string Name { get; private set; }

    /// <summary>Shipped by a supplier straight to the customer, not from our shelves.</summary>
    public bool IsDropshipped { get; private set; }
}

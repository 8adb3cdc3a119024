namespace OrdoroLite.Domain.Warehouses;

public sealed class Warehouse
{
    public const int NameMaxLength = 100;

    private Warehouse()
    {
        Name = "";
    }

    public Warehouse(string name)
    {
        Name = name;
        NameKey = Common.Keys.Of(name);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The name as a key (<see cref="Common.Keys"/>): unique, what imports look warehouses up by.</summary>
    public string? NameKey { get; private set; }
}

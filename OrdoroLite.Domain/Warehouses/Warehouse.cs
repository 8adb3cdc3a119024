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
    }

    public int Id { get; private set; }

    public string Name { get; private set; }
}

namespace OrdoroLite.Domain.Orders;

public sealed record Address(string Street, string City, string Region, string PostalCode, string Country)
{
    public const int FieldMaxLength = 200;

    public override string ToString() => $"{Street}, {City}, {Region} {PostalCode}, {Country}";
}

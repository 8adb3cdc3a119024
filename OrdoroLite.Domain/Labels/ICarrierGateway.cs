using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels;

/// <summary>
/// The carrier, behind an interface because none can be reached from here. Buying a label is
/// synchronous in the sandbox; a real carrier call would be made before the write transaction.
/// </summary>
public interface ICarrierGateway
{
    LabelQuote BuyLabel(Order order, DateTimeOffset at);
}

/// <summary>A carrier that answers at once with a made-up tracking number and a price by weight.</summary>
public sealed class SandboxCarrier : ICarrierGateway
{
    public LabelQuote BuyLabel(Order order, DateTimeOffset at)
    {
        var tracking = $"9400{order.Number:D10}{at.ToUnixTimeSeconds() % 100_000:D5}";
        var costCents = 450 + (order.ItemCount * 85);
        return new LabelQuote("USPS", "Ground Advantage", tracking, costCents);
    }
}

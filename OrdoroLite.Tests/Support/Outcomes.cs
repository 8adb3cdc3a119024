using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Tests.Support;

public static class Outcomes
{
    /// <summary>What a person is told per order, comparable with Equal (the outcome record holds a list).</summary>
    public static IReadOnlyList<(int Number, OutcomeKind Kind, string Message)> Reported(this BulkOutcome outcome) =>
        outcome.Orders.Select(o => (o.OrderNumber, o.Kind, o.Message)).ToList();
}

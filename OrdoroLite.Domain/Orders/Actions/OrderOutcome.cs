namespace OrdoroLite.Domain.Orders.Actions;

public enum OutcomeKind
{
    Done,
    Skipped,
    NotFound,
}

/// <summary>What one use case did to one order.</summary>
public sealed record OrderOutcome(int OrderNumber, OutcomeKind Kind, string Message, IReadOnlyList<string> Warnings)
{
    public static OrderOutcome Done(int number, string message, IReadOnlyList<string>? warnings = null) =>
        new(number, OutcomeKind.Done, message, warnings ?? []);

    public static OrderOutcome Skipped(int number, string why) => new(number, OutcomeKind.Skipped, why, []);

    public static OrderOutcome NotFound(int number) =>
        new(number, OutcomeKind.NotFound, $"order {number} does not exist", []);
}

/// <summary>The per-order outcomes of one bulk action, in the order the orders were selected.</summary>
public sealed record BulkOutcome(string DoneVerb, IReadOnlyList<OrderOutcome> Orders)
{
    public int DoneCount => Orders.Count(o => o.Kind == OutcomeKind.Done);

    /// <summary>For a snackbar: "3 cancelled, 1 skipped: already cancelled".</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string> { $"{DoneCount} {DoneVerb}" };
            parts.AddRange(Orders
                .Where(o => o.Kind == OutcomeKind.Skipped)
                .GroupBy(o => o.Message)
                .Select(g => $"{g.Count()} skipped: {g.Key}"));
            var notFound = Orders.Count(o => o.Kind == OutcomeKind.NotFound);
            if (notFound > 0)
            {
                parts.Add($"{notFound} not found");
            }

            var warnings = Orders.Sum(o => o.Warnings.Count);
            if (warnings > 0)
            {
                parts.Add($"{warnings} stock warning{(warnings == 1 ? "" : "s")}");
            }

            return string.Join(", ", parts);
        }
    }
}

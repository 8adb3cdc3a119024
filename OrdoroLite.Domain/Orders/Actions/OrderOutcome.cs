namespace OrdoroLite.Domain.Orders.Actions;

public enum OutcomeKind
{
    Done,
    Skipped,
    NotFound,
}

/// <summary>What one use case did to one order.</summary>
/// <param name="Warnings">Stock warnings: SKUs whose Available went below zero.</param>
public sealed record OrderOutcome(int OrderNumber, OutcomeKind Kind, string Message, IReadOnlyList<string> Warnings)
{
    /// <summary>A restored order that its sales channel still shows cancelled (docs/channels.md, "Restore"), said in a sentence; else null.</summary>
    public string? ChannelWarning { get; init; }

    public static OrderOutcome Done(int number, string message, IReadOnlyList<string>? warnings = null) =>
        new(number, OutcomeKind.Done, message, warnings ?? []);

    public static OrderOutcome Skipped(int number, string why) => new(number, OutcomeKind.Skipped, why, []);

    public static OrderOutcome NotFound(int number) =>
        new(number, OutcomeKind.NotFound, $"order {number} does not exist", []);
}

/// <summary>The per-order outcomes of one bulk action, in the order the orders were selected.</summary>
/// <param name="DoneVerb">What was done to an order, as a past participle ("cancelled"), for the App's summary.</param>
public sealed record BulkOutcome(string DoneVerb, IReadOnlyList<OrderOutcome> Orders)
{
    public int DoneCount => Orders.Count(o => o.Kind == OutcomeKind.Done);
}

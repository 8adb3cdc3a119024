using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>How a bulk action's outcome reads in a snackbar and in the details dialog.</summary>
public static class BulkOutcomeText
{
    /// <summary>
    /// "3 cancelled, 1 skipped: already cancelled, 2 not found, 1 stock warning"; several reasons
    /// read as the dialog said them, "3 skipped: 2 already cancelled, 1 not cancelled (Shipped)".
    /// </summary>
    public static string Summary(this BulkOutcome outcome)
    {
        var parts = new List<string> { $"{outcome.DoneCount} {outcome.DoneVerb}" };
        var skipped = outcome.Orders
            .Where(o => o.Kind == OutcomeKind.Skipped)
            .GroupBy(o => o.Message)
            .Select(g => new SkipGroup(g.Key, g.Count()))
            .ToList();
        if (skipped.Count > 0)
        {
            parts.Add($"{skipped.Sum(g => g.Count)} skipped: {SkipGroup.AfterCount(skipped)}");
        }

        var notFound = outcome.Orders.Count(o => o.Kind == OutcomeKind.NotFound);
        if (notFound > 0)
        {
            parts.Add($"{notFound} not found");
        }

        var warnings = outcome.Orders.Sum(o => o.Warnings.Count);
        if (warnings > 0)
        {
            parts.Add($"{warnings} stock warning{(warnings == 1 ? "" : "s")}");
        }

        var stillCancelled = outcome.Orders.Count(o => o.ChannelWarning is not null);
        if (stillCancelled > 0)
        {
            parts.Add($"{stillCancelled} still shown cancelled on the sales channel");
        }

        return string.Join(", ", parts);
    }
}

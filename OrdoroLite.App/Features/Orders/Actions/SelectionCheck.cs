using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>
/// What the actions would do to a selection right now, in words: why an action is disabled, and the
/// sentence its dialog opens with ("2 orders will be restored. 1 will be skipped: …"). The counts
/// come from <see cref="OrderActionPreview"/>, i.e. from the orders' own rules.
/// </summary>
/// <param name="Resolved">How many orders the selection stands for now (more than <see cref="OrderJobs.MaxOrders"/>: too many).</param>
/// <param name="BatchSize">Orders per batch when the action runs as a background job (above <see cref="OrderJobs.InlineLimit"/>).</param>
public sealed record SelectionCheck(OrderSelection Selection, int Resolved, SelectionPreview? Preview, int BatchSize)
{
    /// <summary>More orders match than one action takes: every action is refused.</summary>
    public bool TooMany => Preview is null;

    /// <summary>Resolves the selection as it is now and asks the preview about it.</summary>
    public static async Task<SelectionCheck> RunAsync(OrderSelection selection, OrderGrid grid, OrderActionPreview preview, int batchSize,
        CancellationToken ct = default)
    {
        var numbers = await selection.ResolveAsync(grid, OrderJobs.MaxOrders, ct);
        return numbers.Count > OrderJobs.MaxOrders
            ? new SelectionCheck(selection, numbers.Count, null, batchSize)
            : new SelectionCheck(selection, numbers.Count, await preview.ForAsync(numbers, ct), batchSize);
    }

    /// <summary>Why <paramref name="action"/> applies to none of the selected orders, or null when it applies to some.</summary>
    public string? WhyNot(OrderAction action)
    {
        if (Preview is null)
        {
            return $"More than {OrderJobs.MaxOrders:N0} orders match this view, more than one action takes. Narrow it, e.g. with a date range.";
        }

        var act = Preview[action];
        if (act.Applies > 0)
        {
            return null;
        }

        if (Preview.Found == 0)
        {
            return Resolved == 0 ? "None of the selected orders matches this view any more." : "None of the selected orders exists.";
        }

        // One ticked order is named; its reason reads after "is" ("already cancelled", "not cancelled (Shipped)").
        return Selection is OrderSelection.Ticked { Count: 1 } one && act.Skipped is [{ Count: 1 } only] && Preview.NotFound == 0
            ? $"Order {one.Numbers.Single()} is {only.Reason}."
            : $"Applies to none of the selected orders: {act.SkippedText}{NotFoundText(Preview)}.";
    }

    /// <summary>The dialog's opening: how many will be acted on, how many skipped and why, and how the action will run.</summary>
    public string Message(OrderAction action)
    {
        var preview = Preview ?? throw new InvalidOperationException("Too many orders for any action.");
        var act = preview[action];
        var text = OrderActions.Text(action);
        var sentences = new List<string>
        {
            act.Applies == 1 && Selection is OrderSelection.Ticked { Count: 1 } ticked
                ? $"Order {ticked.Numbers.Single()} will be {text.WillBe(1)}."
                : $"{act.Applies:N0} order{(act.Applies == 1 ? "" : "s")} will be {text.WillBe(act.Applies)}.",
        };
        if (act.SkippedCount > 0 || preview.NotFound > 0)
        {
            var skipped = act.SkippedCount + preview.NotFound;
            // One reason for all of them is said once: "3 will be skipped: without an active label."
            var why = preview.NotFound == 0
                ? SkipGroup.AfterCount(act.Skipped)
                : string.Join(", ", new[] { act.SkippedText, NotFound(preview) }.Where(t => t.Length > 0));
            sentences.Add($"{skipped:N0} will be skipped: {why}.");
        }

        if (Selection is OrderSelection.AllMatching)
        {
            sentences.Add("These are the orders matching this view now: they are looked up again when you confirm, and any that no longer match are left out.");
        }

        if (Resolved > OrderJobs.InlineLimit)
        {
            sentences.Add($"It runs in the background, {BatchSize:N0} orders at a time: you can leave this page, and stop it between batches.");
        }

        return string.Join(" ", sentences);
    }

    /// <summary>How many of the selection an action acts on, for the dialog's delete-label box.</summary>
    public int WithActiveLabel(OrderAction action) => Preview?[action].AppliesWithActiveLabel ?? 0;

    /// <summary>What the carriers will refund of the labels an action would delete, for the dialogs' warning.</summary>
    public RefundPreview Refunds(OrderAction action) => Preview?[action].Refunds ?? RefundPreview.None;

    private static string NotFound(SelectionPreview preview) => preview.NotFound > 0 ? $"{preview.NotFound:N0} not found" : "";

    private static string NotFoundText(SelectionPreview preview) => preview.NotFound > 0 ? $", {preview.NotFound:N0} not found" : "";
}

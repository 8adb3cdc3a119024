using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// Before an action runs: for each action, how many of the selected orders it would act on and how
/// many it would skip, and why, in the words of the order's own rules (<see cref="Order.WhyCannotCancel"/>
/// and its siblings) — the same rules the use cases apply, never a copy of them. The menu disables
/// an action that applies to none; the dialogs say "2 will be restored, 1 skipped: …".
/// </summary>
/// <remarks>
/// The rules read two facts of an order: its status and whether it has an Active label. So the
/// selected orders are counted per (status, has an Active label) in one statement, and one order of
/// each group — at most ten groups, whatever the selection's size — is loaded and asked. A rule that
/// starts reading another fact must add it to the group key;
/// <c>OrderActionPreviewTests</c> compares this with asking every order.
/// For the actions that delete labels (Cancel with its box, Delete Label(s)) it also says what the
/// carriers will make of it (<see cref="RefundPreview"/>): the Active labels of the orders the action
/// acts on are read (one indexed query) and each is asked of <see cref="CarrierRules.Assess"/> now.
/// </remarks>
public sealed class OrderActionPreview(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, TimeProvider clock)
{
    /// <summary>The actions that delete Active labels (Cancel only when its box is checked).</summary>
    private static readonly OrderAction[] DeletingLabels = [OrderAction.Cancel, OrderAction.DeleteLabel];

    private static readonly IReadOnlyDictionary<OrderAction, Func<Order, string?>> Rules = new Dictionary<OrderAction, Func<Order, string?>>
    {
        [OrderAction.Cancel] = o => o.WhyCannotCancel(),
        [OrderAction.Restore] = o => o.WhyCannotRestore(),
        [OrderAction.CreateLabel] = o => o.WhyCannotCreateLabel(),
        [OrderAction.DeleteLabel] = o => o.WhyCannotDeleteLabel(),
    };

    public async Task<SelectionPreview> ForAsync(IReadOnlyCollection<int> orderNumbers, CancellationToken ct = default)
    {
        var numbers = orderNumbers.Distinct().ToList();
        if (numbers.Count == 0)
        {
            return new SelectionPreview(0, 0, Rules.Keys.ToDictionary(a => a, a => new ActionPreview(a, 0, 0, [], RefundPreview.None)));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        // The numbers go as one JSON parameter (OrdoroData), however many there are.
        var groups = await db.Orders
            .Where(o => numbers.Contains(o.Number))
            .Select(o => new { o.Number, o.Status, HasActiveLabel = o.Labels.Any(l => l.State == LabelState.Active) })
            .GroupBy(o => new { o.Status, o.HasActiveLabel })
            .Select(g => new { g.Key.Status, g.Key.HasActiveLabel, Count = g.Count(), Sample = g.Min(o => o.Number) })
            .ToListAsync(ct);
        var samples = groups.ConvertAll(g => g.Sample);
        var orders = await db.Orders.AsNoTracking()
            .Include(o => o.Labels)
            .Where(o => samples.Contains(o.Number))
            .ToDictionaryAsync(o => o.Number, ct);

        var actions = Rules.ToDictionary(rule => rule.Key, rule =>
        {
            var applies = 0;
            var appliesWithActiveLabel = 0;
            var skipped = new Dictionary<string, int>();
            foreach (var group in groups)
            {
                if (rule.Value(orders[group.Sample]) is { } why)
                {
                    skipped[why] = skipped.GetValueOrDefault(why) + group.Count;
                }
                else
                {
                    applies += group.Count;
                    appliesWithActiveLabel += group.HasActiveLabel ? group.Count : 0;
                }
            }

            return new ActionPreview(rule.Key, applies, appliesWithActiveLabel,
                skipped.Select(s => new SkipGroup(s.Key, s.Value)).OrderByDescending(s => s.Count).ThenBy(s => s.Reason, StringComparer.Ordinal).ToList(),
                RefundPreview.None);
        });

        if (groups.Any(g => g.HasActiveLabel))
        {
            var now = clock.GetUtcNow();
            var labels = await db.Labels.AsNoTracking()
                .Where(l => l.State == LabelState.Active && numbers.Contains(l.OrderNumber))
                .Join(db.Orders, l => l.OrderNumber, o => o.Number, (l, o) => new { o.Status, l.Carrier, l.CreatedAt, l.ScannedAt, l.CostCents })
                .ToListAsync(ct);
            foreach (var action in DeletingLabels)
            {
                // The statuses whose orders this action acts on, as the orders' own rules said above.
                var acting = groups.Where(g => g.HasActiveLabel && Rules[action](orders[g.Sample]) is null).Select(g => g.Status).ToHashSet();
                actions[action] = actions[action] with
                {
                    Refunds = RefundPreview.Of(
                        labels.Where(l => acting.Contains(l.Status)).Select(l => carriers.Assess(new LabelFacts(l.Carrier, l.CreatedAt, l.ScannedAt, l.CostCents), now)),
                        carriers),
                };
            }
        }

        return new SelectionPreview(numbers.Count, groups.Sum(g => g.Count), actions);
    }
}

/// <summary>What each action would do to a selection of orders.</summary>
/// <param name="Selected">Distinct order numbers asked about.</param>
/// <param name="Found">How many of them exist; the others would be reported "not found".</param>
public sealed record SelectionPreview(int Selected, int Found, IReadOnlyDictionary<OrderAction, ActionPreview> Actions)
{
    public int NotFound => Selected - Found;

    public ActionPreview this[OrderAction action] => Actions[action];
}

/// <summary>
/// One action over a selection: how many it acts on, how many of those hold an Active label, the
/// skipped ones by reason, and — for the actions that delete labels — what the carriers will refund.
/// </summary>
public sealed record ActionPreview(OrderAction Action, int Applies, int AppliesWithActiveLabel, IReadOnlyList<SkipGroup> Skipped,
    RefundPreview Refunds)
{
    public int SkippedCount => Skipped.Sum(s => s.Count);

    /// <summary>"2 already cancelled, 1 not cancelled (Shipped)": see <see cref="SkipGroup.Text"/>.</summary>
    public string SkippedText => SkipGroup.Text(Skipped);
}

/// <summary>Orders an action would skip for one reason (the rule's words, e.g. "already cancelled").</summary>
public sealed record SkipGroup(string Reason, int Count)
{
    /// <summary>
    /// "2 already cancelled, 1 not cancelled (Shipped)": each reason after its count, as the order's
    /// rules word them, most first (ties by reason); reasons that differ only in their parenthesis are
    /// said once, "3 not cancelled (2 Shipped, 1 Awaiting Fulfillment)".
    /// </summary>
    public static string Text(IEnumerable<SkipGroup> groups) => string.Join(", ", Lines(groups).Select(l => $"{l.Count:N0} {l.Text}"));

    /// <summary>
    /// <see cref="Text"/> for after a count ("5 will be skipped: …"): one reason is said without its
    /// count, "not cancelled (3 Shipped, 2 Awaiting Fulfillment)"; several keep theirs.
    /// </summary>
    public static string AfterCount(IEnumerable<SkipGroup> groups) => Lines(groups) is [var only] ? only.Text : Text(groups);

    private static List<(int Count, string Text)> Lines(IEnumerable<SkipGroup> groups) => groups
        .Select(g => (Group: g, Parts: g.Reason.EndsWith(')') && g.Reason.IndexOf(" (", StringComparison.Ordinal) is var at and > 0
            ? (Head: g.Reason[..at], Detail: (string?)g.Reason[(at + 2)..^1])
            : (Head: g.Reason, Detail: null)))
        .GroupBy(g => (g.Parts.Head, Parenthesised: g.Parts.Detail is not null))
        .Select(same => same.Count() == 1
            ? (same.First().Group.Count, same.First().Group.Reason)
            : (same.Sum(g => g.Group.Count), $"{same.Key.Head} ({string.Join(", ", same
                .OrderByDescending(g => g.Group.Count).ThenBy(g => g.Parts.Detail, StringComparer.Ordinal)
                .Select(g => $"{g.Group.Count:N0} {g.Parts.Detail}"))})"))
        .OrderByDescending(l => l.Item1).ThenBy(l => l.Item2, StringComparer.Ordinal)
        .ToList();
}

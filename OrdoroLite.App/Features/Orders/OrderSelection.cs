using System.Collections.Immutable;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// Which orders an action is for. Small on purpose — a circuit per open tab holds one — either the
/// numbers a person ticked (on any page, in any sort) or "every order matching this view": the view's
/// filter, resolved on the server when the action runs, less the rows unticked since.
/// </summary>
public abstract record OrderSelection
{
    public static OrderSelection None { get; } = new Ticked([]);

    /// <summary>How many orders the person sees as selected.</summary>
    public abstract int Count { get; }

    /// <summary>True when <see cref="Count"/> is a lower bound ("10,000+").</summary>
    public virtual bool CountIsCapped => false;

    public bool IsEmpty => Count == 0;

    /// <summary>Whether a row of the view this selection was made in is selected.</summary>
    public abstract bool Contains(int number);

    public abstract OrderSelection With(int number, bool selected);

    public static OrderSelection Of(params int[] numbers) => new Ticked([.. numbers]);

    /// <summary>
    /// The selected order numbers as they are now, at most <paramref name="max"/> + 1 of them (one
    /// more than <paramref name="max"/> says "too many"). Every order matching a view is looked up
    /// afresh here: one that stopped matching is not among them.
    /// </summary>
    public abstract Task<IReadOnlyList<int>> ResolveAsync(OrderGrid grid, int max, CancellationToken ct = default);

    /// <summary>The numbers ticked one by one.</summary>
    public sealed record Ticked(ImmutableHashSet<int> Numbers) : OrderSelection
    {
        public override int Count => Numbers.Count;

        public override bool Contains(int number) => Numbers.Contains(number);

        public override OrderSelection With(int number, bool selected) =>
            new Ticked(selected ? Numbers.Add(number) : Numbers.Remove(number));

        public Ticked WithAll(IEnumerable<int> numbers, bool selected) =>
            new(selected ? Numbers.Union(numbers) : Numbers.Except(numbers));

        public override Task<IReadOnlyList<int>> ResolveAsync(OrderGrid grid, int max, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<int>>(Numbers.Order().Take(max + 1).ToList());
    }

    /// <summary>Every order matching <paramref name="View"/>'s tab, search and filters when the action runs, except <paramref name="Unticked"/>.</summary>
    /// <param name="Matching">How many matched when the person chose this (the view's total).</param>
    /// <param name="MatchingIsCapped">The view's total was capped (<see cref="OrderGrid.CountCap"/>): at least that many.</param>
    public sealed record AllMatching(OrderGridRequest View, int Matching, bool MatchingIsCapped, ImmutableHashSet<int> Unticked) : OrderSelection
    {
        public override int Count => Math.Max(0, Matching - Unticked.Count);

        public override bool CountIsCapped => MatchingIsCapped;

        public override bool Contains(int number) => !Unticked.Contains(number);

        public override OrderSelection With(int number, bool selected) =>
            this with { Unticked = selected ? Unticked.Remove(number) : Unticked.Add(number) };

        public override async Task<IReadOnlyList<int>> ResolveAsync(OrderGrid grid, int max, CancellationToken ct = default)
        {
            var matching = await grid.MatchingNumbersAsync(View, max + Unticked.Count, ct);
            return matching.Where(n => !Unticked.Contains(n)).Take(max + 1).ToList();
        }
    }
}

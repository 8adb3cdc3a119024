using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// Requests that cannot be carried out are refused with a sentence a person can act on, before
/// anything is read or written (docs/domain-rules.md, "Bulk actions").
/// </summary>
public abstract class BadInputTests(TestDatabase database) : TwoWarehouses(database)
{
    public enum BulkAction
    {
        Cancel,
        Restore,
        CreateLabels,
        DeleteLabels,
    }

    [Fact]
    public async Task Unknown_order_numbers_are_reported_not_found_and_the_others_are_done()
    {
        var first = await World.PlaceOrderAsync(East, (Widget, 1));
        var second = await World.PlaceOrderAsync(East, (Widget, 2));

        var outcome = await World.CancelAsync([-1, first, 0, second, 1_000_000], deleteLabels: false);

        outcome.Reported().Should().Equal(
            (-1, OutcomeKind.NotFound, "order -1 does not exist"),
            (first, OutcomeKind.Done, "cancelled"),
            (0, OutcomeKind.NotFound, "order 0 does not exist"),
            (second, OutcomeKind.Done, "cancelled"),
            (1_000_000, OutcomeKind.NotFound, "order 1000000 does not exist"));
        outcome.Summary().Should().Be("2 cancelled, 3 not found");
        (await StockAsync(Widget, East)).Should().Be((10, 0));
    }

    [Fact]
    public async Task The_same_order_selected_twice_is_cancelled_once()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 3));

        var outcome = await World.CancelAsync([number, number], deleteLabels: false);

        outcome.Reported().Should().Equal((number, OutcomeKind.Done, "cancelled"));
        (await World.OrderAsync(number)).Events.Count(e => e.Type == OrderEventType.Cancelled).Should().Be(1);
        (await StockAsync(Widget, East)).Should().Be((10, 0));
    }

    [Theory]
    [InlineData(BulkAction.Cancel)]
    [InlineData(BulkAction.Restore)]
    [InlineData(BulkAction.CreateLabels)]
    [InlineData(BulkAction.DeleteLabels)]
    public async Task Empty_selection_is_refused_and_nothing_is_written(BulkAction action)
    {
        await ArrangeOneOrderOfEachKindAsync();
        var before = await World.SnapshotAsync();

        var act = () => RunAsync(action, [], comment: null);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("No orders were selected. Select at least one order.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData(BulkAction.Cancel)]
    [InlineData(BulkAction.Restore)]
    [InlineData(BulkAction.CreateLabels)]
    [InlineData(BulkAction.DeleteLabels)]
    public async Task Comment_over_2000_characters_is_refused_and_nothing_is_written(BulkAction action)
    {
        var numbers = await ArrangeOneOrderOfEachKindAsync();
        var before = await World.SnapshotAsync();

        var act = () => RunAsync(action, numbers, comment: new string('x', 2_001));

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("The comment is 2?001 characters long; the limit is 2?000. Nothing was changed.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData(BulkAction.Cancel, "Refund\u0000later", "U+0000")]
    [InlineData(BulkAction.Restore, "ok \u202Edesrever", "U+202E")]
    [InlineData(BulkAction.CreateLabels, "bell\u0007", "U+0007")]
    [InlineData(BulkAction.DeleteLabels, "\u2066isolated\u2069", "U+2066")]
    [InlineData(BulkAction.Cancel, "zero\u200Bwidth", "U+200B")]
    [InlineData(BulkAction.Cancel, "\uFEFFmark", "U+FEFF")]
    [InlineData(BulkAction.Cancel, "tag \U000E0041\U000E0042", "U+E0041")]
    public async Task Comment_with_an_invisible_character_is_refused_and_nothing_is_written(BulkAction action, string comment, string named)
    {
        var numbers = await ArrangeOneOrderOfEachKindAsync();
        var before = await World.SnapshotAsync();

        var act = () => RunAsync(action, numbers, comment: comment);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage($"The comment holds an invisible character ({named})*Nothing was changed.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Comment_over_several_lines_with_a_tab_is_accepted_as_typed()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));

        const string comment = "Line one\r\n\tLine two, with the family emoji \U0001F468\u200D\U0001F469\u200D\U0001F467 (joiners kept)";

        await World.CancelAsync([number], deleteLabels: false, comment: comment);

        (await World.OrderAsync(number)).Cancellation!.Comment.Should().Be(comment);
    }

    [Fact]
    public async Task Comment_of_exactly_2000_characters_is_accepted_and_kept_whole()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var comment = new string('x', 2_000);

        await World.CancelAsync([number], deleteLabels: false, comment: comment);

        (await World.OrderAsync(number)).Events.Last().Comment.Should().Be(comment);
    }

    [Fact]
    public void Unknown_reason_text_is_refused_with_the_list_of_reasons()
    {
        var act = () => CancelReasons.Parse("Changed my mind");

        act.Should().Throw<InvalidRequestException>().WithMessage(
            "\"Changed my mind\" is not a cancellation reason. Choose one of: Customer request, Out of stock, " +
            "Suspected fraud, Duplicate order, Address problem, Shipping delay, Other.");
    }

    [Theory]
    [InlineData("customer REQUEST", CancelReason.CustomerRequest)]
    [InlineData("OutOfStock", CancelReason.OutOfStock)]
    [InlineData("  Other ", CancelReason.Other)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Reason_text_is_read_by_display_name_or_code_and_blank_means_none(string? text, CancelReason? expected)
    {
        CancelReasons.Parse(text).Should().Be(expected);
    }

    [Fact]
    public async Task Reason_outside_the_list_is_refused_and_nothing_is_written()
    {
        var numbers = await ArrangeOneOrderOfEachKindAsync();
        var before = await World.SnapshotAsync();

        var act = () => World.CancelAsync(numbers, deleteLabels: true, reason: (CancelReason)99);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("That is not a cancellation reason. Nothing was changed.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData(BulkAction.Cancel)]
    [InlineData(BulkAction.Restore)]
    [InlineData(BulkAction.CreateLabels)]
    [InlineData(BulkAction.DeleteLabels)]
    public async Task More_than_10000_orders_is_refused_and_nothing_is_written(BulkAction action)
    {
        var numbers = await ArrangeOneOrderOfEachKindAsync();
        var selection = numbers.Concat(Enumerable.Range(100_000, 10_001 - numbers.Count)).ToList();
        var before = await World.SnapshotAsync();

        var act = () => RunAsync(action, selection, comment: null);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage(
            "10?001 orders were selected; one action takes at most 10?000. Nothing was changed.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Exactly_10000_orders_are_accepted()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var selection = Enumerable.Range(100_000, 9_999).Append(number).ToList();

        var outcome = await World.CancelAsync(selection, deleteLabels: false);

        outcome.Summary().Should().Be("1 cancelled, 9999 not found");
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
    }

    /// <summary>An order each action could act on: awaiting, shipped with a label, cancelled.</summary>
    private async Task<List<int>> ArrangeOneOrderOfEachKindAsync()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var shipped = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        var cancelled = await World.PlaceOrderAsync(West, (Gadget, 3));
        await World.CancelAsync([cancelled], deleteLabels: false);
        return [awaiting, shipped, cancelled];
    }

    private Task<BulkOutcome> RunAsync(BulkAction action, IReadOnlyCollection<int> numbers, string? comment) => action switch
    {
        BulkAction.Cancel => World.CancelAsync(numbers, deleteLabels: true, comment: comment),
        BulkAction.Restore => World.Restore.RunAsync(numbers, comment, Scenario.Bob),
        BulkAction.CreateLabels => World.CreateLabels.RunAsync(numbers, comment, Scenario.Bob),
        BulkAction.DeleteLabels => World.DeleteLabels.RunAsync(numbers, comment, Scenario.Bob),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public sealed class OnSqlite() : BadInputTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : BadInputTests(TestDatabase.Postgres());
}

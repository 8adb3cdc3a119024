using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>Comments on an order's timeline: appended, never rewritten.</summary>
public abstract class AddCommentTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Comment_is_appended_to_the_timeline_with_staff_and_utc_instant()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        World.Clock.Advance(TimeSpan.FromMinutes(5));

        await World.AddComment.RunAsync(number, "  customer called about delivery  ", Scenario.Bob);

        var comment = (await World.OrderAsync(number)).Events.Last();
        comment.Type.Should().Be(OrderEventType.Commented);
        comment.Comment.Should().Be("customer called about delivery");
        comment.ActorId.Should().Be(Scenario.Bob.Id);
        comment.ActorName.Should().Be(Scenario.Bob.Name);
        comment.At.Should().Be(World.Clock.GetUtcNow());
        comment.At.Offset.Should().Be(TimeSpan.Zero);
        comment.InventoryChanges.Should().BeEmpty();
    }

    [Fact]
    public async Task A_correction_is_a_new_comment_and_earlier_events_stay_as_they_were()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.AddComment.RunAsync(number, "wrong address", Scenario.Alice);
        var before = (await World.SnapshotAsync()).Events;
        World.Clock.Advance(TimeSpan.FromMinutes(1));

        await World.AddComment.RunAsync(number, "correction: the address was right", Scenario.Bob);

        var after = (await World.SnapshotAsync()).Events;
        after.Should().HaveCount(before.Count + 1);
        after.Take(before.Count).Should().Equal(before);
        after.Last().Comment.Should().Be("correction: the address was right");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task Blank_comment_is_refused_and_nothing_is_written(string? text)
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();

        var act = () => World.AddComment.RunAsync(number, text, Scenario.Bob);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("Type a comment before adding it.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Comment_over_2000_characters_is_refused_and_nothing_is_written()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();

        var act = () => World.AddComment.RunAsync(number, new string('x', 2_001), Scenario.Bob);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("The comment is 2?001 characters long; the limit is 2?000. Nothing was changed.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Comment_on_an_order_that_does_not_exist_is_refused()
    {
        var act = () => World.AddComment.RunAsync(555_555, "hello", Scenario.Bob);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("Order 555555 does not exist.");
    }

    [Fact]
    public async Task One_comment_for_several_orders_lands_on_each_timeline_and_an_unknown_order_is_reported_not_found()
    {
        var first = await World.PlaceOrderAsync(East, (Widget, 1));
        var second = await World.PlaceOrderAsync(West, (Gadget, 2));

        var outcome = await World.AddComment.RunAsync([first, 555_555, second, first], "  carrier strike: expect delays  ", Scenario.Bob);

        outcome.Orders.Select(o => (o.OrderNumber, o.Kind, o.Message)).Should().Equal(
            (first, OutcomeKind.Done, "comment added"),
            (555_555, OutcomeKind.NotFound, "order 555555 does not exist"),
            (second, OutcomeKind.Done, "comment added"));
        foreach (var number in new[] { first, second })
        {
            var events = (await World.OrderAsync(number)).Events;
            events.Count(e => e.Type == OrderEventType.Commented).Should().Be(1, "order {0} is commented once however often it is listed", number);
            var comment = events.Last();
            (comment.Type, comment.Comment, comment.ActorName, comment.At).Should()
                .Be((OrderEventType.Commented, "carrier strike: expect delays", Scenario.Bob.Name, World.Clock.GetUtcNow()));
            comment.InventoryChanges.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task A_blank_comment_for_several_orders_is_refused_and_nothing_is_written()
    {
        var first = await World.PlaceOrderAsync(East, (Widget, 1));
        var second = await World.PlaceOrderAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();

        var act = () => World.AddComment.RunAsync([first, second], "   ", Scenario.Bob);

        (await act.Should().ThrowAsync<InvalidRequestException>()).WithMessage("Type a comment before adding it.");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    public sealed class OnSqlite() : AddCommentTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : AddCommentTests(TestDatabase.Postgres());
}

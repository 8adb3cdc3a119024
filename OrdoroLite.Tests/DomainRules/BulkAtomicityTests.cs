using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// Each order's change is atomic, and an unexpected failure rolls back the whole batch
/// (docs/domain-rules.md, "Bulk actions").
/// </summary>
public sealed class BulkAtomicityTests : TwoWarehouses
{
    [Fact]
    public async Task Bulk_cancel_that_fails_midway_leaves_every_selected_order_unchanged()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var labelled = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        var failing = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 3));
        var dropship = await World.PlaceOrderAsync(West, (Dropshipped, 4));
        var lastLabelled = await World.PlaceShippedOrderWithLabelAsync(West, (Widget, 5));
        await FailTimelineWritesOfAsync(failing);
        var before = await World.SnapshotAsync();

        var act = () => World.CancelAsync([awaiting, labelled, failing, dropship, lastLabelled], deleteLabels: true);

        (await act.Should().ThrowAsync<DbUpdateException>()).WithInnerException<Microsoft.Data.Sqlite.SqliteException>()
            .Which.Message.Should().Contain("induced failure");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before, "status, inventory, events, labels and refunds all roll back");
    }

    [Fact]
    public async Task Bulk_cancel_that_failed_can_simply_be_repeated_once_the_fault_is_gone()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var failing = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        await FailTimelineWritesOfAsync(failing);
        var act = () => World.CancelAsync([awaiting, failing], deleteLabels: true);
        await act.Should().ThrowAsync<DbUpdateException>();
        await using (var db = Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER TR_Test_FailOneOrder");
        }

        var outcome = await World.CancelAsync([awaiting, failing], deleteLabels: true);

        outcome.Summary.Should().Be("2 cancelled");
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await World.SnapshotAsync()).RefundRequests.Should().Be(1);
        (await World.AuditInventoryAsync()).ShouldBalance();
    }

    [Fact]
    public async Task Skipped_order_in_a_bulk_cancel_is_left_unchanged_and_the_others_are_cancelled()
    {
        var first = await World.PlaceOrderAsync(East, (Widget, 1));
        var skipped = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        await World.CancelAsync([skipped], deleteLabels: false, reason: CancelReason.SuspectedFraud, comment: "first time");
        var last = await World.PlaceShippedOrderWithLabelAsync(East, (Gadget, 3));
        var skippedBefore = await World.OrderAsync(skipped);
        World.Clock.Advance(TimeSpan.FromMinutes(10));

        var outcome = await World.CancelAsync([first, skipped, last], deleteLabels: true, Scenario.Bob, CancelReason.Other, "second time");

        outcome.Reported().Should().Equal(
            (first, OutcomeKind.Done, "cancelled"),
            (skipped, OutcomeKind.Skipped, "already cancelled"),
            (last, OutcomeKind.Done, "cancelled"));
        (await World.OrderAsync(skipped)).Should().BeEquivalentTo(skippedBefore);
        (await World.OrderAsync(first)).Status.Should().Be(OrderStatus.Cancelled);
        (await World.OrderAsync(last)).Status.Should().Be(OrderStatus.Cancelled);
        (await StockAsync(Widget, East)).Should().Be((8, 0), "the skipped order's label was kept, so its 2 units stay shipped");
        (await StockAsync(Gadget, East)).Should().Be((20, 0));
    }

    /// <summary>A fault the code cannot foresee: the database refuses any timeline entry of one order.</summary>
    private async Task FailTimelineWritesOfAsync(int orderNumber)
    {
        // A trigger takes no parameters; the number is an int, so formatting it in is safe.
        var sql = "CREATE TRIGGER TR_Test_FailOneOrder BEFORE INSERT ON OrderEvents WHEN NEW.OrderNumber = "
            + orderNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + " BEGIN SELECT RAISE(ABORT, 'induced failure'); END;";
        await using var db = Database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}

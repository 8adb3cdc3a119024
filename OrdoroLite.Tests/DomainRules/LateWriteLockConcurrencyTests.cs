using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// The races of <see cref="ConcurrencyTests"/> where both sessions read the same orders at once
/// and decide on the same state: SQLite with its write lock taken late (a deferred transaction),
/// and PostgreSQL (several servers on one database behave so). "Cancelling twice cancels once"
/// must still hold — by the orders' versions and the writer's retry, not by a lock.
/// </summary>
public abstract class LateWriteLockConcurrencyTests(TestDatabase database) : TwoWarehouses(database)
{
    // Long enough for the other session to reach its write: both must be inside at once.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Two_cancels_that_read_the_same_orders_at_once_cancel_each_order_once_with_one_refund_request_and_stock_moved_once()
    {
        var awaiting1 = await World.PlaceOrderAsync(East, (Widget, 1));
        var awaiting2 = await World.PlaceOrderAsync(East, (Gadget, 3));
        var dropship = await World.PlaceOrderAsync(West, (Dropshipped, 2));
        var labelled1 = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        var labelled2 = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 4));
        int[] numbers = [awaiting1, awaiting2, dropship, labelled1, labelled2];
        var probe = new RaceProbe(sessions: 2, Patience);

        var (alice, bob) = await RaceAsync(
            factory => new CancelOrders(factory, World.Clock, World.Carriers).RunAsync(new CancelOrdersRequest(numbers, CancelReason.CustomerRequest, "alice", DeleteLabels: true), Scenario.Alice),
            factory => new CancelOrders(factory, World.Clock, World.Carriers).RunAsync(new CancelOrdersRequest(numbers, CancelReason.DuplicateOrder, "bob", DeleteLabels: true), Scenario.Bob),
            probe);

        probe.MostSessionsInATransactionAtOnce.Should().Be(2, "with the lock taken late both sessions read before either writes");
        var (winner, loser, winnerActor) = probe.CommitOrder[0] == "a" ? (alice, bob, Scenario.Alice) : (bob, alice, Scenario.Bob);
        winner.Reported().Should().OnlyContain(o => o.Kind == OutcomeKind.Done).And.HaveCount(numbers.Length);
        loser.Reported().Should().Equal(numbers.Select(n => (n, OutcomeKind.Skipped, "already cancelled")),
            "the losing session ran again on fresh data");
        foreach (var number in numbers)
        {
            var order = await World.OrderAsync(number);
            order.Events.Should().ContainSingle(e => e.Type == OrderEventType.Cancelled).Which.ActorId.Should().Be(winnerActor.Id);
            order.Cancellation!.ById.Should().Be(winnerActor.Id);
        }

        (await World.SnapshotAsync()).RefundRequests.Should().Be(2, "one refund request per deleted label");
        (await StockAsync(Widget, East)).Should().Be((10, 0));
        (await StockAsync(Gadget, East)).Should().Be((20, 0));
        (await StockAsync(Gadget, West)).Should().Be((20, 0));
        (await StockAsync(Dropshipped, West)).Should().Be((0, 0));
        (await World.AuditInventoryAsync()).ShouldBalance();
    }

    [Fact]
    public async Task The_same_label_deleted_from_two_sessions_that_read_at_once_is_deleted_once_with_one_refund_request()
    {
        var labelled1 = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        var labelled2 = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 4));
        int[] numbers = [labelled1, labelled2];
        var probe = new RaceProbe(sessions: 2, Patience);

        var (alice, bob) = await RaceAsync(
            factory => new DeleteLabels(factory, World.Clock, World.Carriers).RunAsync(numbers, "alice", Scenario.Alice),
            factory => new DeleteLabels(factory, World.Clock, World.Carriers).RunAsync(numbers, "bob", Scenario.Bob),
            probe);

        probe.MostSessionsInATransactionAtOnce.Should().Be(2);
        var (winner, loser) = probe.CommitOrder[0] == "a" ? (alice, bob) : (bob, alice);
        winner.DoneCount.Should().Be(2);
        loser.Reported().Should().Equal(numbers.Select(n => (n, OutcomeKind.Skipped, "without an active label")));
        foreach (var number in numbers)
        {
            var order = await World.OrderAsync(number);
            order.Labels.Should().ContainSingle().Which.State.Should().Be(LabelState.Deleted);
            order.Events.Should().ContainSingle(e => e.Type == OrderEventType.LabelDeleted);
            order.Events.Should().ContainSingle(e => e.Type == OrderEventType.RefundRequested);
        }

        (await World.SnapshotAsync()).RefundRequests.Should().Be(2);
        (await StockAsync(Widget, East)).Should().Be((10, 3));
        (await StockAsync(Gadget, West)).Should().Be((20, 4));
        (await World.AuditInventoryAsync()).ShouldBalance();
    }

    [Fact]
    public async Task A_cancel_and_a_restore_that_read_the_same_orders_at_once_end_as_one_then_the_other()
    {
        var open = await World.PlaceOrderAsync(East, (Widget, 1));
        var cancelled = await World.PlaceOrderAsync(East, (Gadget, 3));
        var labelDeleted = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 4));
        await World.CancelAsync([cancelled, labelDeleted], deleteLabels: true);
        int[] numbers = [open, cancelled, labelDeleted];
        var probe = new RaceProbe(sessions: 2, Patience);

        var (cancel, restore) = await RaceAsync(
            factory => new CancelOrders(factory, World.Clock, World.Carriers).RunAsync(new CancelOrdersRequest(numbers, null, null, DeleteLabels: true), Scenario.Alice),
            factory => new RestoreOrders(factory, World.Clock).RunAsync(numbers, null, Scenario.Bob),
            probe);

        probe.MostSessionsInATransactionAtOnce.Should().Be(2);
        var statuses = new List<OrderStatus>();
        foreach (var number in numbers)
        {
            statuses.Add((await World.OrderAsync(number)).Status);
        }

        if (probe.CommitOrder[0] == "a")
        {
            cancel.Reported().Select(o => o.Kind).Should().Equal(OutcomeKind.Done, OutcomeKind.Skipped, OutcomeKind.Skipped);
            restore.DoneCount.Should().Be(3);
            statuses.Should().OnlyContain(s => s == OrderStatus.AwaitingFulfillment);
        }
        else
        {
            restore.Reported().Select(o => o.Kind).Should().Equal(OutcomeKind.Skipped, OutcomeKind.Done, OutcomeKind.Done);
            cancel.DoneCount.Should().Be(3);
            statuses.Should().OnlyContain(s => s == OrderStatus.Cancelled);
        }

        (await World.AuditInventoryAsync()).ShouldBalance();
    }

    /// <summary>Starts both sessions together, each with its own contexts watched by the probe.</summary>
    private async Task<(BulkOutcome A, BulkOutcome B)> RaceAsync(
        Func<IDbContextFactory<OrdoroDbContext>, Task<BulkOutcome>> a,
        Func<IDbContextFactory<OrdoroDbContext>, Task<BulkOutcome>> b,
        RaceProbe probe)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(async () =>
        {
            await start.Task;
            return await a(Database.With(probe.Session("a")));
        });
        var second = Task.Run(async () =>
        {
            await start.Task;
            return await b(Database.With(probe.Session("b")));
        });
        start.SetResult();
        return (await first, await second);
    }

    /// <summary>SQLite with its write lock taken at the first write.</summary>
    public sealed class OnSqlite() : LateWriteLockConcurrencyTests(TestDatabase.OnDisk(deferredWrites: true));

    /// <summary>PostgreSQL: readers never wait for writers; the second writer waits for the first's row locks.</summary>
    public sealed class OnPostgres() : LateWriteLockConcurrencyTests(TestDatabase.Postgres());
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// "Cancelling twice, from two browsers at once or by a double click, cancels once and moves
/// inventory once": two sessions over one database file, each with its own context and
/// connection, held between their reads and their writes so that any overlap would show.
/// </summary>
public sealed class ConcurrencyTests() : TwoWarehouses(TestDatabase.OnDisk())
{
    // Long enough for the other session to reach its write if nothing held it back.
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(750);

    [Fact]
    public async Task Two_cancels_of_the_same_orders_at_once_cancel_each_order_once_and_move_inventory_once()
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

        probe.MostSessionsInATransactionAtOnce.Should().Be(1, "BEGIN IMMEDIATE serializes the two sessions");
        var (winner, loser, winnerActor) = probe.CommitOrder[0] == "a" ? (alice, bob, Scenario.Alice) : (bob, alice, Scenario.Bob);
        winner.Reported().Should().OnlyContain(o => o.Kind == OutcomeKind.Done).And.HaveCount(numbers.Length);
        loser.Reported().Should().Equal(numbers.Select(n => (n, OutcomeKind.Skipped, "already cancelled")));
        foreach (var number in numbers)
        {
            var order = await World.OrderAsync(number);
            order.Status.Should().Be(OrderStatus.Cancelled);
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
    public async Task Cancel_racing_restore_of_the_same_orders_ends_as_one_then_the_other()
    {
        var open1 = await World.PlaceOrderAsync(East, (Widget, 1));
        var open2 = await World.PlaceOrderAsync(West, (Widget, 2));
        var cancelled = await World.PlaceOrderAsync(East, (Gadget, 3));
        var labelDeleted = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 4));
        var labelKept = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 5));
        await World.CancelAsync([cancelled, labelDeleted], deleteLabels: true);
        await World.CancelAsync([labelKept], deleteLabels: false);
        int[] numbers = [open1, open2, cancelled, labelDeleted, labelKept];
        var probe = new RaceProbe(sessions: 2, Patience);

        var (cancel, restore) = await RaceAsync(
            factory => new CancelOrders(factory, World.Clock, World.Carriers).RunAsync(new CancelOrdersRequest(numbers, null, null, DeleteLabels: true), Scenario.Alice),
            factory => new RestoreOrders(factory, World.Clock).RunAsync(numbers, null, Scenario.Bob),
            probe);

        probe.MostSessionsInATransactionAtOnce.Should().Be(1);
        var statuses = new List<OrderStatus>();
        foreach (var number in numbers)
        {
            statuses.Add((await World.OrderAsync(number)).Status);
        }

        if (probe.CommitOrder[0] == "a")
        {
            // Cancel first: it cancels the two open orders; the restore then restores all five.
            cancel.Reported().Select(o => o.Kind).Should().Equal(OutcomeKind.Done, OutcomeKind.Done, OutcomeKind.Skipped, OutcomeKind.Skipped, OutcomeKind.Skipped);
            restore.DoneCount.Should().Be(5);
            statuses.Should().Equal(OrderStatus.AwaitingFulfillment, OrderStatus.AwaitingFulfillment,
                OrderStatus.AwaitingFulfillment, OrderStatus.AwaitingFulfillment, OrderStatus.Shipped);
            (await World.SnapshotAsync()).RefundRequests.Should().Be(1);
        }
        else
        {
            // Restore first: it restores the three cancelled orders; the cancel then cancels all five.
            restore.Reported().Select(o => o.Kind).Should().Equal(OutcomeKind.Skipped, OutcomeKind.Skipped, OutcomeKind.Done, OutcomeKind.Done, OutcomeKind.Done);
            cancel.DoneCount.Should().Be(5);
            statuses.Should().OnlyContain(s => s == OrderStatus.Cancelled);
            (await World.SnapshotAsync()).RefundRequests.Should().Be(2);
        }

        (await World.AuditInventoryAsync()).ShouldBalance();
    }

    [Fact]
    public async Task The_same_label_deleted_from_two_sessions_at_once_is_deleted_once_with_one_refund_request()
    {
        var labelled1 = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        var labelled2 = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 4));
        int[] numbers = [labelled1, labelled2];
        var probe = new RaceProbe(sessions: 2, Patience);

        var (alice, bob) = await RaceAsync(
            factory => new DeleteLabels(factory, World.Clock, World.Carriers).RunAsync(numbers, "alice", Scenario.Alice),
            factory => new DeleteLabels(factory, World.Clock, World.Carriers).RunAsync(numbers, "bob", Scenario.Bob),
            probe);

        probe.MostSessionsInATransactionAtOnce.Should().Be(1);
        var (winner, loser) = probe.CommitOrder[0] == "a" ? (alice, bob) : (bob, alice);
        winner.DoneCount.Should().Be(2);
        loser.Reported().Should().Equal(numbers.Select(n => (n, OutcomeKind.Skipped, "without an active label")));
        foreach (var number in numbers)
        {
            var order = await World.OrderAsync(number);
            order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
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
    public async Task A_bulk_action_holds_the_write_lock_from_before_its_reads_until_it_commits()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var pause = new PauseBeforeSave();
        var cancel = new CancelOrders(Database.With(pause), World.Clock, World.Carriers)
            .RunAsync(new CancelOrdersRequest([number], null, null, DeleteLabels: false), Scenario.Alice);
        await pause.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        await using var other = new SqliteConnection(Database.ConnectionString);
        await other.OpenAsync();
        await using var begin = other.CreateCommand();
        // Alone in its command: after a PRAGMA in the same command, a busy BEGIN IMMEDIATE was seen to return without error.
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.CommandTimeout = 1;

        var act = () => begin.ExecuteNonQueryAsync();

        (await act.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: the cancel already holds the write lock after reading");
        pause.Release();
        (await cancel).DoneCount.Should().Be(1);
    }

    [Fact]
    public async Task A_bulk_action_waits_ten_seconds_for_another_writers_lock_then_says_so_and_changes_nothing()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        await using var importer = new SqliteConnection(Database.ConnectionString);
        await importer.OpenAsync();
        await using (var begin = importer.CreateCommand())
        {
            // A long import holds the write lock.
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        // The app's own configuration of the connection (docs/import.md promises a 10 s wait, not 30).
        var asTheAppConnects = new ContextsOver(Database.ConnectionString);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var act = () => new CancelOrders(asTheAppConnects, World.Clock, World.Carriers)
            .RunAsync(new CancelOrdersRequest([number], null, null, DeleteLabels: false), Scenario.Alice);

        (await act.Should().ThrowAsync<Domain.Common.DomainException>()).WithMessage(OrdoroStore.BusyMessage);
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(9)).And.BeLessThan(TimeSpan.FromSeconds(20));
        await using (var rollback = importer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    private sealed class ContextsOver(string connectionString) : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<OrdoroDbContext>();
            DatabaseProviders.Named("Sqlite").Configure(options, connectionString);
            return new OrdoroDbContext(options.Options);
        }
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
}

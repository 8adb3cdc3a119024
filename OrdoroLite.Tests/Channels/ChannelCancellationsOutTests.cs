using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Channels;

/// <summary>
/// docs/channels.md, "Out: we cancel": the Cancel Order(s) dialog's "Also cancel on the sales
/// channel" writes a durable request with the cancel, and a restore withdraws it or warns.
/// </summary>
public abstract class ChannelCancellationsOutTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Cancel_with_also_on_the_channel_writes_one_request_per_cancelled_order_with_reason_and_notify_and_notes_it_on_the_timeline()
    {
        var open = await World.PlaceOrderAsync(East, (Widget, 1));
        var shipped = await World.PlaceShippedOrderWithLabelAsync(East, (Gadget, 1));

        await World.CancelAsync([open, shipped], deleteLabels: false, reason: CancelReason.OutOfStock, alsoOnChannel: true, notifyCustomer: true);

        var order = await World.OrderAsync(open);
        var request = order.ChannelCancellations.Should().ContainSingle().Subject;
        request.Should().BeEquivalentTo(new
        {
            OrderNumber = open, Channel = "Shopify", order.ChannelOrderId, Reason = CancelReason.OutOfStock, NotifyCustomer = true,
            ReportedShipped = false, RequestedByName = Scenario.Alice.Name, RequestedAt = World.Clock.GetUtcNow(),
            State = ChannelCancellationState.Requested, Attempts = 0, NextAttemptAt = (DateTimeOffset?)null,
        }, o => o.ExcludingMissingMembers());
        request.IdempotencyKey.Should().HaveLength(32);
        order.Events.Select(e => e.Type).Should().EndWith([OrderEventType.Cancelled, OrderEventType.ChannelCancelRequested]);
        order.Events.Last().Detail.Should().Be($"To be cancelled on Shopify too (order {order.ChannelOrderId}); customer to be notified.");
        (await World.OrderAsync(shipped)).ChannelCancellations.Single().ReportedShipped.Should().BeTrue("the channel was told it shipped");
    }

    [Fact]
    public async Task Cancel_without_also_on_the_channel_writes_no_request_and_a_skipped_order_gets_none()
    {
        var unchecked_ = await World.PlaceOrderAsync(East, (Widget, 1));
        var already = await World.PlaceOrderAsync(East, (Widget, 1));
        await World.CancelAsync([already], deleteLabels: false);

        await World.CancelAsync([unchecked_], deleteLabels: false);
        var outcome = await World.CancelAsync([already], deleteLabels: false, alsoOnChannel: true);

        outcome.Orders.Single().Kind.Should().Be(OutcomeKind.Skipped);
        await using var db = Database.CreateDbContext();
        (await db.ChannelCancellations.CountAsync()).Should().Be(0);
        (await db.OrderEvents.CountAsync(e => e.Type == OrderEventType.ChannelCancelRequested)).Should().Be(0);
    }

    [Fact]
    public async Task The_request_is_written_in_the_cancels_transaction_so_a_cancel_that_fails_leaves_no_request_and_a_repeat_leaves_one()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        var before = await World.SnapshotAsync();
        var fault = new FailAfterChannelRequests(Database.Dialect);
        var cancel = () => new CancelOrders(Database.WithDialect(fault), World.Clock, World.Carriers)
            .RunAsync(new CancelOrdersRequest([number], null, null, false, AlsoOnChannel: true), Scenario.Alice);

        await cancel.Should().ThrowAsync<DbUpdateException>();
        var afterFailure = await World.SnapshotAsync();
        fault.Gone = true;
        await cancel();

        fault.RequestsWritten.Should().Be(1, "the fault strikes after the request's row was written");
        afterFailure.Should().BeEquivalentTo(before);
        await using var db = Database.CreateDbContext();
        (await db.ChannelCancellations.CountAsync()).Should().Be(1);
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.Cancelled);
    }

    [Fact]
    public async Task Restoring_before_the_request_was_sent_withdraws_it_so_it_is_never_sent_and_gives_no_warning()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 2));
        await World.CancelAsync([number], deleteLabels: false, alsoOnChannel: true);
        var channel = new SandboxSalesChannel(new SandboxSalesChannelOptions(), World.Clock);

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);
        await new ChannelCancellationProcessor(Database, channel, World.Clock, new ChannelSyncOptions()).RunOnceAsync();

        outcome.Orders.Single().ChannelWarning.Should().BeNull();
        var order = await World.OrderAsync(number);
        order.ChannelCancellations.Single().State.Should().Be(ChannelCancellationState.Withdrawn);
        order.Events.Last().Should().Match<OrderEvent>(e => e.Type == OrderEventType.ChannelCancelWithdrawn && e.ActorName == Scenario.Bob.Name);
        channel.CancelCalls.Should().Be(0);
        (await StockAsync(Widget, East)).Should().Be((10, 2));
    }

    [Fact]
    public async Task Restoring_an_order_whose_cancellation_the_channel_acknowledged_warns_that_the_channel_still_shows_it_cancelled()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 2));
        await World.CancelAsync([number], deleteLabels: false, alsoOnChannel: true);
        await new ChannelCancellationProcessor(Database, new SandboxSalesChannel(new SandboxSalesChannelOptions(), World.Clock), World.Clock,
            new ChannelSyncOptions()).RunOnceAsync();
        var id = (await World.OrderAsync(number)).ChannelOrderId;

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Orders.Single().ChannelWarning.Should().Be(
            $"Shopify still shows order {id} cancelled: Shopify acknowledged our cancellation on 2026-11-02 15:30 UTC. Reopen it on Shopify too if the customer still wants it.");
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    [Fact]
    public async Task Restoring_while_the_channel_processes_our_cancellation_warns_that_it_will_show_the_order_cancelled()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 2));
        await World.CancelAsync([number], deleteLabels: false, alsoOnChannel: true);
        var amazonLike = new SandboxSalesChannel(new SandboxSalesChannelOptions { AmazonLikeChannels = "Shopify" }, World.Clock);
        await new ChannelCancellationProcessor(Database, amazonLike, World.Clock, new ChannelSyncOptions()).RunOnceAsync();

        var outcome = await World.Restore.RunAsync([number], null, Scenario.Bob);

        outcome.Orders.Single().ChannelWarning.Should().StartWith("Our cancellation of order").And.Contain("was already sent to Shopify");
        (await World.OrderAsync(number)).ChannelCancellations.Single().State.Should().Be(ChannelCancellationState.Sent, "the channel has it");
    }

    /// <summary>A fault after the channel requests were written: the database refuses the timeline entries that follow.</summary>
    private sealed class FailAfterChannelRequests(IStoreDialect database) : IStoreDialect
    {
        public bool Gone { get; set; }

        public int RequestsWritten { get; private set; }

        public Task<IDbContextTransaction> BeginWriteAsync(DatabaseFacade db, CancellationToken ct) => database.BeginWriteAsync(db, ct);

        public bool IsConflict(Exception exception) => database.IsConflict(exception);

        public bool IsBusy(Exception exception) => database.IsBusy(exception);

        public Task<long[]> ReserveKeysAsync(RowTarget target, string table, string keyColumn, int count, CancellationToken ct) =>
            database.ReserveKeysAsync(target, table, keyColumn, count, ct);

        public Task InsertAsync(RowTarget target, RowSet rows, CancellationToken ct)
        {
            RequestsWritten += rows.Table == "ChannelCancellations" && !Gone ? rows.Rows.Count : 0;
            if (!Gone && rows.Table == "OrderEvents" && RequestsWritten > 0)
            {
                throw new DbUpdateException("induced failure: the database refused a timeline entry");
            }

            return database.InsertAsync(target, rows, ct);
        }

        public Task<int> UpdateAsync(RowTarget target, string table, IReadOnlyList<Column> setColumns, IReadOnlyList<Column> whereColumns,
            IReadOnlyList<object?[]> rows, CancellationToken ct) => database.UpdateAsync(target, table, setColumns, whereColumns, rows, ct);

        public Task AddAsync(RowTarget target, RowSet rows, CancellationToken ct) => database.AddAsync(target, rows, ct);
    }

    public sealed class OnSqlite() : ChannelCancellationsOutTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : ChannelCancellationsOutTests(TestDatabase.Postgres());
}

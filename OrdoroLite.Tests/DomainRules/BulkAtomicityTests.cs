using OrdoroLite.App.Features.Orders.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// Each order's change is atomic, and an unexpected failure rolls back the whole batch
/// (docs/domain-rules.md, "Bulk actions").
/// </summary>
public abstract class BulkAtomicityTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Bulk_cancel_that_fails_midway_leaves_every_selected_order_unchanged()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var labelled = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        var failing = await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 3));
        var dropship = await World.PlaceOrderAsync(West, (Dropshipped, 4));
        var lastLabelled = await World.PlaceShippedOrderWithLabelAsync(West, (Widget, 5));
        var fault = new FailingTimelineOf(failing, Database.Dialect);
        var before = await World.SnapshotAsync();

        var act = () => CancelAsync(fault, [awaiting, labelled, failing, dropship, lastLabelled]);

        (await act.Should().ThrowAsync<DbUpdateException>()).WithMessage("*induced failure*");
        fault.OrdersWritten.Should().Be(5, "the fault strikes after the orders' own rows were written");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before, "status, inventory, events, labels and refunds all roll back");
    }

    [Fact]
    public async Task Bulk_cancel_that_failed_can_simply_be_repeated_once_the_fault_is_gone()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var failing = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        var fault = new FailingTimelineOf(failing, Database.Dialect);
        var act = () => CancelAsync(fault, [awaiting, failing]);
        await act.Should().ThrowAsync<DbUpdateException>();
        fault.Gone = true;

        var outcome = await CancelAsync(fault, [awaiting, failing]);

        outcome.Summary().Should().Be("2 cancelled");
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

    private Task<BulkOutcome> CancelAsync(IStoreDialect dialect, int[] numbers) =>
        new CancelOrders(Database.WithDialect(dialect), World.Clock, World.Carriers)
            .RunAsync(new CancelOrdersRequest(numbers, null, null, DeleteLabels: true), Scenario.Alice);

    /// <summary>
    /// A fault the code cannot foresee: the database refuses the timeline entries of one order,
    /// after the writer has already updated the orders themselves.
    /// </summary>
    private sealed class FailingTimelineOf(int orderNumber, IStoreDialect database) : IStoreDialect
    {
        private readonly IStoreDialect _database = database;

        public bool Gone { get; set; }

        public int OrdersWritten { get; private set; }

        public Task<IDbContextTransaction> BeginWriteAsync(DatabaseFacade database, CancellationToken ct) => _database.BeginWriteAsync(database, ct);

        public bool IsConflict(Exception exception) => _database.IsConflict(exception);

        public bool IsBusy(Exception exception) => _database.IsBusy(exception);

        public Task<long[]> ReserveKeysAsync(RowTarget target, string table, string keyColumn, int count, CancellationToken ct) =>
            _database.ReserveKeysAsync(target, table, keyColumn, count, ct);

        public Task InsertAsync(RowTarget target, RowSet rows, CancellationToken ct)
        {
            var orderColumn = rows.Columns.ToList().FindIndex(c => c.Name == "OrderNumber");
            if (!Gone && rows.Table == "OrderEvents" && rows.Rows.Any(r => Equals(r[orderColumn], (object)orderNumber)))
            {
                throw new DbUpdateException("induced failure: the database refused a timeline entry");
            }

            return _database.InsertAsync(target, rows, ct);
        }

        public async Task<int> UpdateAsync(RowTarget target, string table, IReadOnlyList<Column> setColumns, IReadOnlyList<Column> whereColumns,
            IReadOnlyList<object?[]> rows, CancellationToken ct)
        {
            var matched = await _database.UpdateAsync(target, table, setColumns, whereColumns, rows, ct);
            OrdersWritten += table == "Orders" ? matched : 0;
            return matched;
        }

        public Task AddAsync(RowTarget target, RowSet rows, CancellationToken ct) => _database.AddAsync(target, rows, ct);
    }

    public sealed class OnSqlite() : BulkAtomicityTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : BulkAtomicityTests(TestDatabase.Postgres());
}

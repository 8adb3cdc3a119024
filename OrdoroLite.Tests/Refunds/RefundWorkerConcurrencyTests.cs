using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Refunds;

/// <summary>Refund workers on every server of one database: each request reaches the carrier once (docs/refunds.md).</summary>
public abstract class RefundWorkerConcurrencyTests(Func<TestDatabase> open)
{
    [Fact]
    public async Task Two_app_processes_on_one_database_never_both_submit_the_same_request()
    {
        await using var database = open();
        var world = new Scenario(database);
        var carrier = new SlowCarrier(new SandboxCarrier(new SandboxCarrierOptions { LabelCarrier = "UPS" }, world.Clock));
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 100));
        var numbers = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            numbers.Add(await world.PlaceOrderAsync(east, (widget, 1)));
        }

        await new CreateLabels(database, carrier, world.Clock).RunAsync(numbers, null, Scenario.Alice);
        await world.DeleteLabels.RunAsync(numbers, null, Scenario.Alice);

        // Each "process" has its own processor and its own connections; the carrier is the shared outside world.
        var first = new RefundProcessor(database, carrier, world.Clock, new RefundOptions());
        var second = new RefundProcessor(database, carrier, world.Clock, new RefundOptions());
        var handled = await Task.WhenAll(Task.Run(() => first.RunOnceAsync()), Task.Run(() => second.RunOnceAsync()));

        handled.Sum().Should().Be(6);
        carrier.RefundCalls.Should().Be(6, "each request reached the carrier exactly once");
        await using var db = database.CreateDbContext();
        (await db.RefundRequests.CountAsync(r => r.State == RefundState.Approved)).Should().Be(6);
        (await db.OrderEvents.CountAsync(e => e.Type == OrderEventType.RefundSubmitted)).Should().Be(6);
    }

    /// <summary>Holds each call long enough that both workers are in flight at once.</summary>
    private sealed class SlowCarrier(ICarrierGateway inner) : ICarrierGateway
    {
        private int _refundCalls;

        public int RefundCalls => _refundCalls;

        public LabelQuote BuyLabel(Order order, DateTimeOffset at) => inner.BuyLabel(order, at);

        public async Task<RefundDecision> RequestRefundAsync(RefundAsk ask, CancellationToken ct)
        {
            Interlocked.Increment(ref _refundCalls);
            await Task.Delay(30, ct);
            return await inner.RequestRefundAsync(ask, ct);
        }

        public Task<RefundDecision> GetRefundStatusAsync(string carrier, string idempotencyKey, CancellationToken ct) =>
            inner.GetRefundStatusAsync(carrier, idempotencyKey, ct);

        public Task<IReadOnlyList<TrackingScan>> GetScansAsync(DateTimeOffset since, CancellationToken ct) => inner.GetScansAsync(since, ct);
    }

    public sealed class OnSqlite() : RefundWorkerConcurrencyTests(() => TestDatabase.OnDisk());

    public sealed class OnPostgres() : RefundWorkerConcurrencyTests(() => TestDatabase.Postgres());
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Channels;

/// <summary>Two app processes on one database (each its own worker and connections) never both send one cancellation.</summary>
public abstract class ChannelWorkerConcurrencyTests(Func<TestDatabase> create)
{
    [Fact]
    public async Task Two_app_processes_on_one_database_never_call_the_channel_for_one_cancellation_at_once_and_each_order_is_cancelled_there_once()
    {
        await using var database = create();
        var world = new Scenario(database);
        var sandbox = new SandboxSalesChannel(new SandboxSalesChannelOptions(), world.Clock);
        var channel = new OverlapProbe(sandbox);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 100));
        var numbers = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            numbers.Add(await world.PlaceOrderAsync(east, (widget, 1)));
        }

        await world.CancelAsync(numbers, deleteLabels: false, alsoOnChannel: true);

        // Each "process" has its own processor and its own connections; the channel is the shared outside world.
        var first = new ChannelCancellationProcessor(database, channel, world.Clock, new ChannelSyncOptions());
        var second = new ChannelCancellationProcessor(database, channel, world.Clock, new ChannelSyncOptions());
        var passes = await Task.WhenAll(PassAsync(first), PassAsync(second));
        // Should a pass's write be refused four times over (two writers meeting on PostgreSQL), the answer is
        // lost, the lease runs out, and the next pass asks again with the same key. Nothing is sent twice.
        world.Clock.Advance(new ChannelSyncOptions().Lease);
        await PassAsync(first);

        channel.Overlaps.Should().Be(0, "two workers never called the channel for the same request at once");
        sandbox.CancellationsRecorded.Should().Be(6, "each order was cancelled on the channel once");
        if (!database.IsPostgres)
        {
            passes.Sum().Should().Be(6, "SQLite's writers wait for each other: the two passes shared the six requests");
            sandbox.CancelCalls.Should().Be(6, "each request reached the channel exactly once");
        }

        await using var db = database.CreateDbContext();
        (await db.ChannelCancellations.CountAsync(c => c.State == ChannelCancellationState.Acknowledged)).Should().Be(6);
        (await db.OrderEvents.Where(e => e.Type == OrderEventType.ChannelCancelAcknowledged).Select(e => e.OrderNumber).ToListAsync())
            .Should().BeEquivalentTo(numbers, "one acknowledgement on each order's timeline");
    }

    /// <summary>A pass as the hosted worker runs it: a failed pass is logged and the requests stay due.</summary>
    private static async Task<int> PassAsync(ChannelCancellationProcessor processor)
    {
        try
        {
            return await Task.Run(() => processor.RunOnceAsync());
        }
        catch (DomainException)
        {
            return 0;
        }
    }

    /// <summary>Holds each call long enough that both workers are in flight at once, and counts calls for one request that overlap.</summary>
    private sealed class OverlapProbe(ISalesChannelGateway inner) : ISalesChannelGateway
    {
        private readonly ConcurrentDictionary<string, int> _inFlight = new();
        private int _overlaps;

        public int Overlaps => _overlaps;

        public async Task<ChannelDecision> CancelOrderAsync(ChannelCancelAsk ask, CancellationToken ct)
        {
            if (_inFlight.AddOrUpdate(ask.IdempotencyKey, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            try
            {
                await Task.Delay(30, ct);
                return await inner.CancelOrderAsync(ask, ct);
            }
            finally
            {
                _inFlight.AddOrUpdate(ask.IdempotencyKey, 0, (_, n) => n - 1);
            }
        }

        public Task<ChannelDecision> GetCancellationAsync(string channel, string idempotencyKey, CancellationToken ct) =>
            inner.GetCancellationAsync(channel, idempotencyKey, ct);
    }

    public sealed class OnSqliteFile() : ChannelWorkerConcurrencyTests(() => TestDatabase.OnDisk());

    public sealed class OnPostgres() : ChannelWorkerConcurrencyTests(TestDatabase.Postgres);
}

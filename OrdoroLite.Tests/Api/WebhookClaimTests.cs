using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>
/// Several servers sending one database's webhooks at once (each its own dispatcher and outbox
/// horizon, as separate processes have): every delivery is claimed by one of them, sent once, and
/// one order's webhooks go out in event order. On SQLite (a shared file) and on PostgreSQL.
/// </summary>
public abstract class WebhookClaimTests(TestDatabase database) : TwoWarehouses(database)
{
    private static readonly WebhookOptions Options = new()
    {
        BatchSize = 7, // several passes and claims per server
        Parallelism = 4,
        Lease = TimeSpan.FromSeconds(30),
        FirstRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task Two_servers_sending_at_once_send_each_webhook_once_and_each_orders_webhooks_in_event_order()
    {
        var orders = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            orders.Add(await World.PlaceOrderAsync(East, (Gadget, 1)));
        }

        await SubscribeAsync();
        await World.CancelAsync(orders, deleteLabels: false);
        await World.Restore.RunAsync(orders.Take(15).ToList(), null, Scenario.Bob);
        await World.CancelAsync(orders.Take(15).ToList(), deleteLabels: false);
        var sender = new RecordingSender();
        var servers = Enumerable.Range(0, 2)
            .Select(_ => new WebhookDispatcher(Database, OutboxHorizons.For(Database.ProviderName), sender, TimeProvider.System, Options))
            .ToList();

        await RunUntilDeliveredAsync(servers, expected: 60);

        sender.Sent.Should().HaveCount(60);
        sender.Sent.GroupBy(s => s.Id).Should().OnlyContain(g => g.Count() == 1, "each webhook is claimed and sent by one server, once");
        sender.MostAtOnceForOneWebhook.Should().Be(1);
        foreach (var order in sender.Sent.GroupBy(s => s.OrderNumber))
        {
            order.OrderBy(s => s.Sequence).Select(s => s.EventId).Should().BeInAscendingOrder("order {0}'s webhooks go out in event order", order.Key);
        }
    }

    protected async Task SubscribeAsync()
    {
        await using var db = Database.CreateDbContext();
        var last = await db.OrderEvents.MaxAsync(e => (long?)e.Id) ?? 0;
        db.WebhookSubscriptions.Add(WebhookSubscription.Create(new Uri("https://shop.example.com/hooks"),
            [WebhookEvents.OrderCancelled, WebhookEvents.OrderRestored], new Actor("m", "Manager"), DateTimeOffset.UtcNow, last));
        await db.SaveChangesAsync();
    }

    protected async Task RunUntilDeliveredAsync(IReadOnlyList<WebhookDispatcher> servers, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await DeliveredAsync() < expected)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "every delivery is sent within a minute");
            await Task.WhenAll(servers.Select(s => Task.Run(() => s.RunOnceAsync())));
        }
    }

    protected async Task<int> DeliveredAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.WebhookDeliveries.CountAsync(d => d.State == WebhookDeliveryState.Delivered);
    }

    public sealed class OnSqlite() : WebhookClaimTests(TestDatabase.OnDisk());

    public sealed class OnPostgres() : WebhookClaimTests(TestDatabase.Postgres())
    {
        [Fact]
        public async Task An_event_that_commits_after_a_later_numbered_one_is_still_sent_on_PostgreSQL()
        {
            var early = await World.PlaceOrderAsync(East, (Gadget, 1));
            var late = await World.PlaceOrderAsync(East, (Gadget, 1));
            await SubscribeAsync();
            var sender = new RecordingSender();
            var server = new WebhookDispatcher(Database, OutboxHorizons.For(Database.ProviderName), sender, TimeProvider.System, Options);

            // A writer that reserved its event id first and commits last, as two servers' transactions can.
            await using var slow = (NpgsqlConnection)await Database.OpenConnectionAsync();
            await using var transaction = await slow.BeginTransactionAsync();
            var earlyId = await WriteEventUncommittedAsync(slow, transaction, early);

            await World.CancelAsync([late], deleteLabels: false);
            await server.RunOnceAsync();
            await server.RunOnceAsync();
            var beforeCommit = sender.Sent.Count;
            await transaction.CommitAsync();
            await RunUntilDeliveredAsync([server], expected: 2);

            beforeCommit.Should().Be(0, "nothing past the slow writer's event is queued while it may still commit");
            sender.Sent.Select(s => s.EventId).Should().Contain(earlyId).And.HaveCount(2);
        }

        [Fact]
        public async Task An_event_of_the_newest_running_transaction_is_still_sent_on_PostgreSQL()
        {
            var early = await World.PlaceOrderAsync(East, (Gadget, 1));
            var late = await World.PlaceOrderAsync(East, (Gadget, 1));
            await SubscribeAsync();
            var sender = new RecordingSender();
            var server = new WebhookDispatcher(Database, OutboxHorizons.For(Database.ProviderName), sender, TimeProvider.System, Options);

            // The cancel commits first; then a writer takes a transaction id newer than every finished one and
            // reserves an event id, and is still running when the dispatcher looks. PostgreSQL's snapshot does
            // not list such a transaction (its xmax is one past the newest finished one), so a barrier that only
            // waited for the snapshot's list moved past this event before it was visible, and never sent it.
            await World.CancelAsync([late], deleteLabels: false);
            await using var slow = (NpgsqlConnection)await Database.OpenConnectionAsync();
            await using var transaction = await slow.BeginTransactionAsync();
            var slowId = await WriteEventUncommittedAsync(slow, transaction, early);

            await server.RunOnceAsync();
            await server.RunOnceAsync();
            var beforeCommit = sender.Sent.Select(s => s.EventId).ToList();
            await transaction.CommitAsync();
            await RunUntilDeliveredAsync([server], expected: 2);

            beforeCommit.Should().NotContain(slowId, "the slow writer's event was not committed yet");
            sender.Sent.Select(s => s.EventId).Should().Contain(slowId, "the barrier waited for the running writer").And.HaveCount(2);
        }

        /// <summary>
        /// A writer as the app's: it takes its transaction id (the order row) before its event id, inserts a
        /// Cancelled event of <paramref name="order"/> and leaves the transaction open; returns the event id.
        /// </summary>
        private static async Task<long> WriteEventUncommittedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int order)
        {
            await using var write = new NpgsqlCommand("""
                UPDATE "Orders" SET "Version" = "Version" WHERE "Number" = @order;
                INSERT INTO "OrderEvents" ("Id", "OrderNumber", "Type", "ActorId", "ActorName", "At", "InventoryChanges")
                VALUES (nextval(pg_get_serial_sequence('"OrderEvents"', 'Id')), @order, 'Cancelled', 'test', 'Slow writer', now(), '[]')
                RETURNING "Id";
                """, connection, transaction);
            write.Parameters.AddWithValue("order", order);
            return (long)(await write.ExecuteScalarAsync())!;
        }

        [Fact]
        public async Task A_long_transaction_in_another_database_of_the_server_does_not_hold_webhooks_back()
        {
            var order = await World.PlaceOrderAsync(East, (Gadget, 1));
            await SubscribeAsync();
            var sender = new RecordingSender();
            var server = new WebhookDispatcher(Database, OutboxHorizons.For(Database.ProviderName), sender, TimeProvider.System, Options);

            // Another database on the same server (another shop, a bench, another test) with a transaction
            // that has a transaction id and stays open until the end of the test.
            await using var other = await TestDatabase.PostgresEmptyAsync();
            await using var neighbour = (NpgsqlConnection)await other.OpenConnectionAsync();
            await using var open = await neighbour.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("SELECT pg_current_xact_id()", neighbour, open))
            {
                await hold.ExecuteScalarAsync();
            }

            await World.CancelAsync([order], deleteLabels: false);
            await server.RunOnceAsync();
            await server.RunOnceAsync();

            sender.Sent.Select(s => s.OrderNumber).Should().Equal([order], "only this database's writers can still add events below the barrier");
        }
    }

    /// <summary>Records what would be posted, taking a moment per call so servers overlap.</summary>
    private sealed class RecordingSender : IWebhookSender
    {
        private readonly ConcurrentQueue<Sent> _sent = new();
        private readonly ConcurrentDictionary<string, int> _inFlight = new();
        private int _sequence;
        private int _mostAtOnce;

        public IReadOnlyList<Sent> Sent => _sent.ToList();

        public int MostAtOnceForOneWebhook => _mostAtOnce;

        public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct)
        {
            var id = request.Headers["Webhook-Id"];
            var atOnce = _inFlight.AddOrUpdate(id, 1, (_, n) => n + 1);
            InterlockedMax(ref _mostAtOnce, atOnce);
            var json = System.Text.Json.JsonDocument.Parse(request.Body).RootElement;
            _sent.Enqueue(new Sent(id, long.Parse(id[4..]), json.GetProperty("data").GetProperty("orderNumber").GetInt32(),
                Interlocked.Increment(ref _sequence)));
            await Task.Delay(Random.Shared.Next(1, 6), ct);
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
            return new WebhookResponse(200, null);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private sealed record Sent(string Id, long EventId, int OrderNumber, int Sequence);
}

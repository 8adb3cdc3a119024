using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>
/// A URL that never answers 2xx: the dispatcher retries with waits that double from 10 s up to an
/// hour, for 24 hours after the event, then marks the delivery Failed; the order's later webhook
/// waits until then and is sent after it. Driven by a fake clock, with the default settings.
/// </summary>
public abstract class WebhookRetryTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task A_url_that_always_fails_is_retried_with_doubling_waits_capped_at_an_hour_for_24_hours_then_the_delivery_is_failed()
    {
        var order = await World.PlaceOrderAsync(East, (Gadget, 1));
        var subscription = await SubscribeAsync();
        await World.CancelAsync([order], deleteLabels: false);
        await World.Restore.RunAsync([order], null, Scenario.Bob);
        var sender = new FailingFor("order.cancelled", World.Clock);
        var dispatcher = new WebhookDispatcher(Database, OutboxHorizons.For(Database.ProviderName), sender, World.Clock, new WebhookOptions());
        await QueueBothAsync(dispatcher, subscription);
        var start = World.Clock.GetUtcNow();

        for (var pass = 0; pass < 100 && await StateOfAsync(subscription, "order.cancelled") == WebhookDeliveryState.Pending; pass++)
        {
            await dispatcher.RunOnceAsync();
            var due = await NextAttemptOfAsync(subscription, "order.cancelled");
            sender.Sent.Should().NotContain(s => s.Type == "order.restored", "the order's later webhook waits while its earlier one is pending");
            if (due > World.Clock.GetUtcNow())
            {
                World.Clock.SetUtcNow(due);
            }
        }

        var attempts = sender.Sent.Where(s => s.Type == "order.cancelled").Select(s => s.At).ToList();
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var doubling = new[] { 10.0, 20, 40, 80, 160, 320, 640, 1280, 2560 };
        waits.Should().Equal(doubling.Concat(Enumerable.Repeat(3600.0, 22)), "10 s, doubled after each failure, at most an hour");
        (attempts[^1] - start).Should().BeLessThanOrEqualTo(TimeSpan.FromHours(24));
        (attempts[^1] + TimeSpan.FromHours(1) - start).Should().BeGreaterThan(TimeSpan.FromHours(24), "the next wait would end past the 24 hours");
        await using (var db = Database.CreateDbContext())
        {
            var failed = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscription && d.EventType == "order.cancelled");
            (failed.State, failed.Attempts, failed.LastStatusCode, failed.LastError).Should()
                .Be((WebhookDeliveryState.Failed, 32, 503, "The URL answered 503."));
        }

        World.Clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.RunOnceAsync();

        sender.Sent.Count(s => s.Type == "order.cancelled").Should().Be(32, "a Failed delivery is sent again only when a manager redelivers it");
        sender.Sent.Where(s => s.Type == "order.restored").Should().ContainSingle("once the earlier webhook has failed for good, the later one goes");
        (await StateOfAsync(subscription, "order.restored")).Should().Be(WebhookDeliveryState.Delivered);
    }

    private async Task<int> SubscribeAsync()
    {
        await using var db = Database.CreateDbContext();
        var last = await db.OrderEvents.MaxAsync(e => (long?)e.Id) ?? 0;
        var subscription = WebhookSubscription.Create(new Uri("https://shop.example.com/hooks"),
            [WebhookEvents.OrderCancelled, WebhookEvents.OrderRestored], new Actor("m", "Manager"), World.Clock.GetUtcNow(), last);
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    /// <summary>Queues the two events (on PostgreSQL the outbox horizon may need a pass or two while other databases' writers finish).</summary>
    private async Task QueueBothAsync(WebhookDispatcher dispatcher, int subscription)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = Database.CreateDbContext())
            {
                if (await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription) == 2)
                {
                    return;
                }
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "both events are queued within a minute");
            await dispatcher.QueueAsync();
        }
    }

    private async Task<WebhookDeliveryState> StateOfAsync(int subscription, string type)
    {
        await using var db = Database.CreateDbContext();
        return await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription && d.EventType == type).Select(d => d.State).SingleAsync();
    }

    private async Task<DateTimeOffset> NextAttemptOfAsync(int subscription, string type)
    {
        await using var db = Database.CreateDbContext();
        return await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription && d.EventType == type).Select(d => d.NextAttemptAt).SingleAsync();
    }

    /// <summary>Answers 503 to webhooks of one type and 200 to the others, noting each call's type and (fake) instant.</summary>
    private sealed class FailingFor(string failingType, TimeProvider clock) : IWebhookSender
    {
        public List<(string Type, DateTimeOffset At)> Sent { get; } = [];

        public Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct)
        {
            var type = System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()!;
            lock (Sent)
            {
                Sent.Add((type, clock.GetUtcNow()));
            }

            return Task.FromResult(type == failingType ? new WebhookResponse(503, null) : new WebhookResponse(200, null));
        }
    }

    public sealed class OnSqlite() : WebhookRetryTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : WebhookRetryTests(TestDatabase.Postgres());
}

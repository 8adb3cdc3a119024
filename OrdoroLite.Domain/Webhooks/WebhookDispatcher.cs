using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>What one pass of the dispatcher did.</summary>
public sealed record WebhookPass(int Queued, int Attempted);

/// <summary>
/// Turns timeline events into webhook deliveries and sends them (docs/api.md, "Webhooks"):
/// <list type="number">
/// <item>Queue: for each subscription, the matching events after its cursor and up to the outbox
/// horizon (<see cref="IOutboxHorizon"/>) become delivery rows, and the cursor moves past them, in
/// one write transaction that moves the cursor only from where it was read (so two servers never
/// queue an event twice; the unique index would refuse it anyway).</item>
/// <item>Send: a due delivery whose order has no earlier delivery still pending (so one order's
/// webhooks arrive in event order) is claimed by a conditional update of its
/// <see cref="WebhookDelivery.NextAttemptAt"/> (a lease, as <c>RefundProcessor</c> does), sent
/// outside any transaction, and its answer written only while the lease is still ours. A server that
/// stops mid-send leaves the lease to run out; another server then sends it again with the same
/// Webhook-Id (at least once; never twice within a lease).</item>
/// </list>
/// Failures are retried with exponential backoff until <see cref="WebhookOptions.RetryWindow"/> has passed.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<OrdoroDbContext> contexts,
    IOutboxHorizon horizon,
    IWebhookSender sender,
    TimeProvider clock,
    WebhookOptions options)
{
    public async Task<WebhookPass> RunOnceAsync(CancellationToken ct = default)
    {
        var queued = await QueueAsync(ct);
        var attempted = await SendDueAsync(ct);
        return new WebhookPass(queued, attempted);
    }

    /// <summary>Creates the delivery rows of new events for every subscription; returns how many.</summary>
    public async Task<int> QueueAsync(CancellationToken ct = default)
    {
        long safe;
        List<(int Id, long Cursor, string Events, bool Enabled)> subscriptions;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            safe = await horizon.SafeEventIdAsync(db, ct);
            subscriptions = (await db.WebhookSubscriptions.AsNoTracking()
                    .Where(s => s.LastEventId < safe)
                    .OrderBy(s => s.Id)
                    .Select(s => new { s.Id, s.LastEventId, s.Events, s.DisabledAt })
                    .ToListAsync(ct))
                .ConvertAll(s => (s.Id, s.LastEventId, s.Events, s.DisabledAt == null));
        }

        var queued = 0;
        foreach (var (id, cursor, events, enabled) in subscriptions)
        {
            queued += await QueueAsync(id, cursor, events.Split(','), enabled, safe, ct);
        }

        return queued;
    }

    private async Task<int> QueueAsync(int subscriptionId, long cursor, IReadOnlyList<string> events, bool enabled, long safe, CancellationToken ct)
    {
        // A disabled subscription's cursor moves too: what happens while it is off is not sent later.
        var sources = enabled ? WebhookEvents.SourcesOf(events).ToList() : [];
        var queued = 0;
        while (cursor < safe)
        {
            var from = cursor;
            List<(long Id, int OrderNumber, string Type)> found = [];
            if (sources.Count > 0)
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                found = (await db.OrderEvents.AsNoTracking()
                        .Where(e => e.Id > from && e.Id <= safe && sources.Contains(e.Type))
                        .OrderBy(e => e.Id)
                        .Take(options.BatchSize)
                        .Select(e => new { e.Id, e.OrderNumber, e.Type })
                        .ToListAsync(ct))
                    .ConvertAll(e => (e.Id, e.OrderNumber, WebhookEvents.For(e.Type)!));
            }

            var next = found.Count == options.BatchSize ? found[^1].Id : safe;
            var now = clock.GetUtcNow();
            var moved = await OrdoroStore.WriteAsync(contexts, async (db, token) =>
            {
                var claimed = await db.WebhookSubscriptions
                    .Where(s => s.Id == subscriptionId && s.LastEventId == from)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastEventId, next), token);
                if (claimed == 0)
                {
                    return false;
                }

                db.WebhookDeliveries.AddRange(found.Select(e =>
                    new WebhookDelivery(subscriptionId, e.Id, e.OrderNumber, e.Type, now, options.RetryWindow)));
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            if (!moved)
            {
                // Another server moved this cursor first and queued these events itself.
                break;
            }

            queued += found.Count;
            cursor = next;
        }

        return queued;
    }

    /// <summary>Claims and sends the deliveries due now; returns how many it attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(long Id, DateTimeOffset Due)> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = (await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
                    .Where(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.DisabledAt == null))
                    .Where(d => !db.WebhookDeliveries.Any(p => p.SubscriptionId == d.SubscriptionId && p.OrderNumber == d.OrderNumber
                        && p.EventId < d.EventId && p.State == WebhookDeliveryState.Pending))
                    .OrderBy(d => d.Id)
                    .Take(options.BatchSize)
                    .Select(d => new { d.Id, d.NextAttemptAt })
                    .ToListAsync(ct))
                .ConvertAll(d => (d.Id, d.NextAttemptAt));
        }

        var attempted = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
            async (delivery, token) =>
            {
                var lease = Whole(clock.GetUtcNow() + options.Lease);
                if (await TryClaimAsync(delivery.Id, delivery.Due, lease, token))
                {
                    Interlocked.Increment(ref attempted);
                    await SendAsync(delivery.Id, lease, token);
                }
            });
        return attempted;
    }

    private async Task<bool> TryClaimAsync(long id, DateTimeOffset seenDue, DateTimeOffset lease, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == id && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt == seenDue)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.NextAttemptAt, lease)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAt, now), ct);
        return claimed == 1;
    }

    private async Task SendAsync(long id, DateTimeOffset lease, CancellationToken ct)
    {
        WebhookRequest request;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct);
            var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, ct);
            var e = await db.OrderEvents.AsNoTracking().SingleAsync(x => x.Id == delivery.EventId, ct);
            var order = await db.Orders.AsNoTracking().Where(o => o.Number == e.OrderNumber)
                .Select(o => new { o.Channel, o.ChannelOrderId }).SingleAsync(ct);
            var body = WebhookMessage.Body(e, order.Channel, order.ChannelOrderId);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request = new WebhookRequest(new Uri(subscription.Url), new Dictionary<string, string>
            {
                ["Webhook-Id"] = delivery.WebhookId,
                ["Webhook-Timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Webhook-Signature"] = WebhookMessage.Signature(subscription.Secret, timestamp, body),
            }, body);
        }

        WebhookResponse response;
        try
        {
            using var timeout = new CancellationTokenSource(options.CallTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            response = await sender.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            response = new WebhookResponse(null, $"No answer within {options.CallTimeout.TotalSeconds:0} seconds.");
        }

        // On shutdown (ct cancelled) nothing is written: the lease runs out and the delivery is sent again.
        await RecordAsync(id, lease, response, ct);
    }

    private async Task RecordAsync(long id, DateTimeOffset lease, WebhookResponse response, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var mine = db.WebhookDeliveries.Where(d => d.Id == id && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt == lease);
        if (response.IsSuccess)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, WebhookDeliveryState.Delivered)
                .SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.LastStatusCode, response.StatusCode)
                .SetProperty(d => d.LastError, (string?)null), ct);
            return;
        }

        var row = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Attempts, d.GiveUpAt }).SingleAsync(ct);
        var next = Whole(now + options.RetryDelayAfter(row.Attempts));
        var state = next > row.GiveUpAt ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
        var error = response.Error ?? $"The URL answered {response.StatusCode}.";
        if (error.Length > WebhookDelivery.ErrorMaxLength)
        {
            error = error[..WebhookDelivery.ErrorMaxLength];
        }

        // A lease that ran out means another server took the delivery over; its answer stands.
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, state)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastStatusCode, response.StatusCode)
            .SetProperty(d => d.LastError, error), ct);
    }

    /// <summary>To the millisecond: an instant the database stores exactly (PostgreSQL keeps microseconds), so a lease compares equal when read back.</summary>
    internal static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

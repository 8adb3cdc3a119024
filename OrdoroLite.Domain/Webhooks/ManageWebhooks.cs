using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>One subscription as the Webhooks page lists it (never its secret), with its deliveries counted by state.</summary>
public sealed record WebhookRow(
    int Id,
    string Url,
    IReadOnlyList<string> Events,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    int Pending,
    int Delivered,
    int Failed);

/// <summary>A subscription just created: <see cref="Secret"/> is shown once.</summary>
public sealed record NewWebhook(WebhookRow Subscription, string Secret);

/// <summary>One line of a subscription's delivery log.</summary>
public sealed record WebhookDeliveryRow(
    long Id,
    string WebhookId,
    string EventType,
    int OrderNumber,
    WebhookDeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset NextAttemptAt);

/// <summary>
/// Webhook subscriptions for managers: subscribe a URL to events (its signing secret is shown
/// once), list, disable and enable, read the delivery log, redeliver. Every call re-checks in the
/// database that the caller is an active manager. Targets are checked by <see cref="IWebhookTargetGuard"/>
/// (http or https; no private, link-local or loopback address unless configured).
/// </summary>
public sealed class ManageWebhooks(
    IDbContextFactory<OrdoroDbContext> contexts,
    IWebhookTargetGuard guard,
    TimeProvider clock,
    WebhookOptions options)
{
    /// <summary>How many deliveries the log shows, newest first.</summary>
    public const int LogSize = 200;

    public const string NotAManager = "Only a manager can manage webhooks.";

    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <exception cref="InvalidRequestException">The URL or the events are not acceptable (the sentence says which and why).</exception>
    public async Task<NewWebhook> SubscribeAsync(Actor caller, string url, IEnumerable<string> events, CancellationToken ct = default)
    {
        var target = await RequireTargetAsync(url, ct);
        var names = WebhookEvents.Validate(events);
        var id = await OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            await ManageApiKeys.RequireManagerAsync(db, caller, token, NotAManager);
            // Starts now: past events are not sent.
            var last = await db.OrderEvents.MaxAsync(e => (long?)e.Id, token) ?? 0;
            var subscription = WebhookSubscription.Create(target, names, caller, clock.GetUtcNow(), last);
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync(token);
            return (subscription.Id, subscription.Secret);
        }, ct);
        var rows = await RowsAsync(id.Id, ct);
        return new NewWebhook(rows.Single(), id.Secret);
    }

    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    public async Task<IReadOnlyList<WebhookRow>> ListAsync(Actor caller, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await ManageApiKeys.RequireManagerAsync(db, caller, ct, NotAManager);
        }

        return await RowsAsync(null, ct);
    }

    /// <summary>Disables (no more events are queued for it, due deliveries wait) or enables a subscription.</summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <exception cref="DomainException">No such subscription.</exception>
    public Task SetEnabledAsync(Actor caller, int subscriptionId, bool enabled, CancellationToken ct = default) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            await ManageApiKeys.RequireManagerAsync(db, caller, token, NotAManager);
            var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, token)
                ?? throw new DomainException($"Webhook {subscriptionId} does not exist.");
            if (subscription.IsEnabled != enabled)
            {
                subscription.SetEnabled(enabled, clock.GetUtcNow());
                await db.SaveChangesAsync(token);
            }

            return true;
        }, ct);

    /// <summary>The subscription and its newest <see cref="LogSize"/> deliveries.</summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <returns>Null when no subscription has that id.</returns>
    public async Task<(WebhookRow Subscription, IReadOnlyList<WebhookDeliveryRow> Deliveries)?> LogAsync(Actor caller, int subscriptionId,
        CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await ManageApiKeys.RequireManagerAsync(db, caller, ct, NotAManager);
        var row = (await RowsAsync(subscriptionId, ct)).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.EventId)
            .Take(LogSize)
            .ToListAsync(ct);
        return (row, deliveries.ConvertAll(d => new WebhookDeliveryRow(d.Id, d.WebhookId, d.EventType, d.OrderNumber, d.State, d.Attempts,
            d.CreatedAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt, d.NextAttemptAt)));
    }

    /// <summary>
    /// Sends a delivery again now, with the same Webhook-Id and body (receivers that de-duplicate
    /// ignore it), retrying for another <see cref="WebhookOptions.RetryWindow"/> if it fails.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <exception cref="DomainException">No such delivery, or a server is sending it right now.</exception>
    public Task RedeliverAsync(Actor caller, long deliveryId, CancellationToken ct = default) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            await ManageApiKeys.RequireManagerAsync(db, caller, token, NotAManager);
            var now = WebhookDispatcher.Whole(clock.GetUtcNow());
            var delivery = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, token)
                ?? throw new DomainException($"Delivery {deliveryId} does not exist.");
            if (delivery.State == WebhookDeliveryState.Pending && delivery.NextAttemptAt > now && delivery.LastAttemptAt > now - options.Lease)
            {
                throw new DomainException($"{delivery.WebhookId} is being sent right now; wait for its answer.");
            }

            await db.WebhookDeliveries.Where(d => d.Id == deliveryId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.State, WebhookDeliveryState.Pending)
                    .SetProperty(d => d.NextAttemptAt, now)
                    .SetProperty(d => d.GiveUpAt, now + options.RetryWindow)
                    .SetProperty(d => d.Attempts, 0), token);
            return true;
        }, ct);

    private async Task<Uri> RequireTargetAsync(string url, CancellationToken ct)
    {
        var text = url?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new InvalidRequestException("Type the URL that should receive the webhooks, for example https://shop.example.com/hooks/ordorolite.");
        }

        if (text.Length > WebhookSubscription.UrlMaxLength)
        {
            throw new InvalidRequestException($"The URL is {text.Length:N0} characters long; the limit is {WebhookSubscription.UrlMaxLength:N0}.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidRequestException($"\"{text}\" is not an http or https URL.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidRequestException("The URL holds a user name or password; webhooks are authenticated by their signature instead.");
        }

        return await guard.WhyRefusedAsync(uri, ct) is { } why ? throw new InvalidRequestException(why) : uri;
    }

    private async Task<List<WebhookRow>> RowsAsync(int? onlyId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => onlyId == null || s.Id == onlyId)
            .OrderBy(s => s.Id)
            .ToListAsync(ct);
        var ids = subscriptions.ConvertAll(s => s.Id);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.SubscriptionId))
            .GroupBy(d => new { d.SubscriptionId, d.State })
            .Select(g => new { g.Key.SubscriptionId, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        int Count(int id, WebhookDeliveryState state) => counts.Where(c => c.SubscriptionId == id && c.State == state).Sum(c => c.Count);
        return subscriptions.ConvertAll(s => new WebhookRow(s.Id, s.Url, s.EventList, s.CreatedByName, s.CreatedAt, s.DisabledAt,
            Count(s.Id, WebhookDeliveryState.Pending), Count(s.Id, WebhookDeliveryState.Delivered), Count(s.Id, WebhookDeliveryState.Failed)));
    }
}

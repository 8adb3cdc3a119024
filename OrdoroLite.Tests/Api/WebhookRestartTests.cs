using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>An app server that stops while it sends a webhook: the next one sends it when the lease runs out, never before and never lost.</summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ordorolite-restart-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_webhook_being_sent_when_its_server_stops_is_sent_by_the_next_server_after_the_lease_and_delivered_once()
    {
        await using var listener = await WebhookListener.StartAsync();
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Answer = (_, count) => count == 0 ? held.Task : Task.FromResult(200);
        var first = Server();
        await first.InitializeAsync();
        var webhook = await first.SubscribeAsync(listener, WebhookEvents.OrderCancelled);
        var order = await first.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        using (var api = await first.ClientAsync(ApiScopes.Cancel))
        {
            await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });
        }

        var sending = (await listener.WaitForAsync(r => r.Count > 0)).Single();
        DateTimeOffset leaseEnd;
        await using (var db = await first.Contexts.CreateDbContextAsync())
        {
            // The first server's claim: nobody may send the webhook again before it runs out.
            leaseEnd = await db.WebhookDeliveries.Where(d => d.SubscriptionId == webhook.Subscription.Id).Select(d => d.NextAttemptAt).SingleAsync();
        }

        await first.DisposeAsync(); // the server stops while its request is unanswered
        held.SetResult(200);
        var second = Server();
        await second.InitializeAsync();
        try
        {
            var received = await listener.WaitForAsync(r => r.Any(x => x.AnsweredWith == 200 && x != sending));

            received.Should().HaveCount(2);
            received[1].Id.Should().Be(sending.Id);
            received[1].Body.Should().Equal(sending.Body);
            received[1].At.Should().BeOnOrAfter(leaseEnd, "nobody sends it again within the first server's lease");
            Receiver.Verify(webhook.Secret, received[1]).Should().BeTrue();
            var delivery = await Eventually.GetAsync(async () =>
            {
                await using var db = await second.Contexts.CreateDbContextAsync();
                return await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == webhook.Subscription.Id).ToListAsync();
            }, d => d.All(x => x.State == WebhookDeliveryState.Delivered), what: "The delivery recorded as Delivered");
            delivery.Should().ContainSingle().Which.Attempts.Should().Be(2);
            await using var check = await second.Contexts.CreateDbContextAsync();
            (await check.OrderEvents.CountAsync(e => e.OrderNumber == order.Number && e.Type == OrderEventType.Cancelled)).Should().Be(1);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private ApiServer Server()
    {
        var settings = ApiServer.Settings(_file);
        settings["Webhooks:Lease"] = Lease.ToString();
        settings["Webhooks:CallTimeout"] = "00:00:10"; // longer than the lease: only the stop ends the first call
        return new ApiServer(new AppServerOptions(Settings: settings));
    }
}

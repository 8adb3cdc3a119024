using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Webhooks;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>Webhooks from the real app to a listener the test starts on loopback.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class WebhookDeliveryTests(ApiServer server)
{
    private ManageWebhooks Webhooks => server.Services.GetRequiredService<ManageWebhooks>();

    [Fact]
    public async Task A_cancel_through_the_api_is_posted_to_the_subscribed_url_signed_with_its_secret()
    {
        await using var listener = await WebhookListener.StartAsync();
        var webhook = await server.SubscribeAsync(listener, WebhookEvents.OrderCancelled);
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { reason = "DuplicateOrder", comment = "Twice in the cart" });
        var received = (await listener.WaitForAsync(r => r.Any(x => x.OrderNumber == order.Number))).Single(x => x.OrderNumber == order.Number);

        var cancelled = await EventAsync(order.Number, OrderEventType.Cancelled);
        received.Id.Should().Be($"evt_{cancelled.Id}");
        Receiver.Verify(webhook.Secret, received).Should().BeTrue();
        Receiver.Verify(webhook.Secret + "x", received).Should().BeFalse();
        received.Type.Should().Be("order.cancelled");
        var data = received.Json.GetProperty("data");
        data.GetProperty("orderNumber").GetInt32().Should().Be(order.Number);
        data.GetProperty("event").GetProperty("reason").GetString().Should().Be("DuplicateOrder");
        data.GetProperty("event").GetProperty("comment").GetString().Should().Be("Twice in the cart");
        data.GetProperty("event").GetProperty("actor").GetString().Should().Be("Test sync (key of Morgan Manager)");
        received.Json.GetProperty("id").GetString().Should().Be(received.Id);
    }

    [Fact]
    public async Task A_url_that_fails_twice_gets_the_webhook_on_the_third_attempt_after_growing_waits_and_the_log_says_so()
    {
        await using var listener = await WebhookListener.StartAsync();
        listener.Answer = (_, count) => Task.FromResult(count < 2 ? 503 : 200);
        var webhook = await server.SubscribeAsync(listener, WebhookEvents.OrderCancelled);
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });
        var attempts = await listener.WaitForAsync(r => r.Count(x => x.OrderNumber == order.Number && x.AnsweredWith == 200) == 1);

        var mine = attempts.Where(x => x.OrderNumber == order.Number).ToList();
        mine.Select(x => x.AnsweredWith).Should().Equal(503, 503, 200);
        mine.Select(x => x.Id).Distinct().Should().ContainSingle("a retry is the same event, with the same Webhook-Id");
        (mine[1].At - mine[0].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
        (mine[2].At - mine[1].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390), "the wait doubles after each failure");
        var log = await Eventually.GetAsync(() => Webhooks.LogAsync(DemoStaff.Manager.AsActor(), webhook.Subscription.Id),
            l => l!.Value.Deliveries.Any(d => d.State == WebhookDeliveryState.Delivered), what: "The delivery log showing Delivered");
        var row = log!.Value.Deliveries.Single(d => d.OrderNumber == order.Number);
        (row.State, row.Attempts, row.LastStatusCode, row.LastError).Should().Be((WebhookDeliveryState.Delivered, 3, 200, (string?)null));
    }

    [Fact]
    public async Task One_orders_webhooks_arrive_in_event_order_even_when_the_first_has_to_be_retried()
    {
        await using var listener = await WebhookListener.StartAsync();
        listener.Answer = (request, count) => Task.FromResult(count == 0 ? 500 : 200);
        await server.SubscribeAsync(listener, WebhookEvents.OrderCancelled, WebhookEvents.OrderRestored);
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });
        await api.PostAsync($"/api/v1/orders/{order.Number}/restore", new { });
        await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });
        var received = await listener.WaitForAsync(r => r.Count(x => x.OrderNumber == order.Number && x.AnsweredWith == 200) == 3);

        received.Where(x => x.OrderNumber == order.Number).Select(x => (x.Type, x.AnsweredWith)).Should().Equal(
            ("order.cancelled", 500), ("order.cancelled", 200), ("order.restored", 200), ("order.cancelled", 200));
    }

    [Fact]
    public async Task Imports_label_deletions_and_the_refund_answers_that_follow_are_sent_too()
    {
        await using var listener = await WebhookListener.StartAsync();
        await server.SubscribeAsync(listener);
        using var api = await server.ClientAsync();
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var id = $"HOOK-{Guid.NewGuid():N}"[..20];

        var import = await api.PostRawAsync("/api/v1/orders/import", $"""
            channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price
            Etsy,{id},2026-11-20,Robin Hook,robin@example.com,1 Elm St,Portland,OR,97201,US,East Coast DC (Newark),TEE-00001,1,19.99
            """, "text/csv");
        await api.PostAsync($"/api/v1/orders/{order.Number}/create-label", new { });
        await api.PostAsync($"/api/v1/orders/{order.Number}/delete-label", new { comment = "Wrong box" });
        var imported = await NumberOfAsync(id);
        var received = await listener.WaitForAsync(r =>
            r.Any(x => x.OrderNumber == imported && x.Type == "order.imported")
            && r.Where(x => x.OrderNumber == order.Number).Select(x => x.Type).SequenceEqual(["label.deleted", "label.refund.updated", "label.refund.updated"]));

        import.Status.Should().Be(HttpStatusCode.OK);
        received.Where(x => x.OrderNumber == order.Number).Skip(1)
            .Select(x => x.Json.GetProperty("data").GetProperty("refundState").GetString()).Should().Equal("Submitted", "Approved");
    }

    [Fact]
    public async Task A_disabled_webhook_is_sent_nothing_of_what_happened_while_it_was_off()
    {
        await using var listener = await WebhookListener.StartAsync();
        var webhook = await server.SubscribeAsync(listener, WebhookEvents.OrderCancelled);
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);
        var manager = DemoStaff.Manager.AsActor();

        await Webhooks.SetEnabledAsync(manager, webhook.Subscription.Id, enabled: false);
        await api.PostAsync($"/api/v1/orders/{orders[0].Number}/cancel", new { });
        var whileOff = (await EventAsync(orders[0].Number, OrderEventType.Cancelled)).Id;
        await Eventually.GetAsync(() => CursorAsync(webhook.Subscription.Id), c => c >= whileOff, what: "The disabled webhook's cursor passing the event");
        await Webhooks.SetEnabledAsync(manager, webhook.Subscription.Id, enabled: true);
        await api.PostAsync($"/api/v1/orders/{orders[1].Number}/cancel", new { });
        var received = await listener.WaitForAsync(r => r.Any(x => x.OrderNumber == orders[1].Number));

        received.Where(x => x.OrderNumber == orders[0].Number).Should().BeEmpty();
        var row = await Eventually.GetAsync(async () => (await Webhooks.ListAsync(manager)).Single(w => w.Id == webhook.Subscription.Id),
            w => w.Delivered == 1, what: "The second cancel's delivery recorded");
        (row.Pending, row.Failed).Should().Be((0, 0), "the cancel made while the webhook was off has no delivery at all");
    }

    [Fact]
    public async Task Redeliver_sends_a_delivered_webhook_again_with_the_same_id_and_body()
    {
        await using var listener = await WebhookListener.StartAsync();
        var webhook = await server.SubscribeAsync(listener, WebhookEvents.OrderCancelled);
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });
        await listener.WaitForAsync(r => r.Any(x => x.OrderNumber == order.Number && x.AnsweredWith == 200));
        var log = await Eventually.GetAsync(() => Webhooks.LogAsync(DemoStaff.Manager.AsActor(), webhook.Subscription.Id),
            l => l!.Value.Deliveries.Any(d => d.State == WebhookDeliveryState.Delivered));

        await Webhooks.RedeliverAsync(DemoStaff.Manager.AsActor(), log!.Value.Deliveries.Single().Id);
        var received = await listener.WaitForAsync(r => r.Count(x => x.OrderNumber == order.Number && x.AnsweredWith == 200) == 2);

        var both = received.Where(x => x.OrderNumber == order.Number).ToList();
        both[1].Id.Should().Be(both[0].Id);
        both[1].Body.Should().Equal(both[0].Body);
        Receiver.Verify(webhook.Secret, both[1]).Should().BeTrue();
    }

    [Theory]
    [InlineData("", "Type the URL that should receive the webhooks, for example https://shop.example.com/hooks/ordorolite.")]
    [InlineData("ftp://example.com/hooks", "\"ftp://example.com/hooks\" is not an http or https URL.")]
    [InlineData("https://user:secret@example.com/hooks", "The URL holds a user name or password; webhooks are authenticated by their signature instead.")]
    public async Task A_webhook_needs_an_http_or_https_url_without_credentials(string url, string sentence)
    {
        var subscribe = () => Webhooks.SubscribeAsync(DemoStaff.Manager.AsActor(), url, [WebhookEvents.OrderCancelled]);

        await subscribe.Should().ThrowAsync<InvalidRequestException>().WithMessage(sentence);
    }

    [Fact]
    public async Task Only_an_active_manager_manages_webhooks()
    {
        var subscribe = () => Webhooks.SubscribeAsync(DemoStaff.Staff.AsActor(), "http://127.0.0.1:1/hook", [WebhookEvents.OrderCancelled]);
        var list = () => Webhooks.ListAsync(DemoStaff.Staff.AsActor());

        await subscribe.Should().ThrowAsync<UnauthorizedAccessException>().WithMessage(ManageWebhooks.NotAManager);
        await list.Should().ThrowAsync<UnauthorizedAccessException>();
    }

    private async Task<OrderEvent> EventAsync(int number, OrderEventType type)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.OrderEvents.AsNoTracking().Where(e => e.OrderNumber == number && e.Type == type).OrderByDescending(e => e.Id).FirstAsync();
    }

    private async Task<long> CursorAsync(int subscriptionId)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.WebhookSubscriptions.Where(s => s.Id == subscriptionId).Select(s => s.LastEventId).SingleAsync();
    }

    private async Task<int> NumberOfAsync(string channelOrderId)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.Orders.Where(o => o.ChannelOrderId == channelOrderId).Select(o => o.Number).SingleAsync();
    }
}

/// <summary>Where webhooks may go: no private, loopback or link-local address unless configured, checked again at each connection.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    public void Only_public_addresses_are_public(string address, bool isPublic)
    {
        WebhookTargetGuard.IsPublic(IPAddress.Parse(address)).Should().Be(isPublic);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "\"127.0.0.1\" resolves to 127.0.0.1, a loopback, private or link-local address; webhooks go only to public addresses.")]
    [InlineData("http://localhost/hook", "\"localhost\" resolves to")]
    [InlineData("http://10.1.2.3/hook", "\"10.1.2.3\" resolves to 10.1.2.3, a loopback")]
    public async Task A_private_url_is_refused_with_a_sentence_unless_private_networks_are_allowed(string url, string sentence)
    {
        var strict = new WebhookTargetGuard(new WebhookOptions());
        var allowing = new WebhookTargetGuard(new WebhookOptions { AllowPrivateNetworks = true });

        (await strict.WhyRefusedAsync(new Uri(url), CancellationToken.None)).Should().StartWith(sentence);
        (await allowing.WhyRefusedAsync(new Uri(url), CancellationToken.None)).Should().BeNull();
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("http://[fe80::1]/hook", "fe80::1")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data", "::ffff:169.254.169.254")]
    public async Task A_link_local_url_is_refused_even_where_private_networks_are_allowed(string url, string address)
    {
        var allowing = new WebhookTargetGuard(new WebhookOptions { AllowPrivateNetworks = true });

        (await allowing.WhyRefusedAsync(new Uri(url), CancellationToken.None)).Should()
            .Contain($"resolves to {address}").And.EndWith("webhooks go only to public addresses.");
        allowing.IsAllowed(IPAddress.Parse("10.0.0.1")).Should().BeTrue();
    }

    [Fact]
    public async Task The_sender_refuses_to_connect_to_a_private_address_whatever_the_subscription_said()
    {
        await using var listener = await WebhookListener.StartAsync();
        using var sender = new HttpWebhookSender(new WebhookTargetGuard(new WebhookOptions()));

        var response = await sender.SendAsync(new WebhookRequest(listener.Url, new Dictionary<string, string>(), "{}"u8.ToArray()), CancellationToken.None);

        response.StatusCode.Should().BeNull();
        response.Error.Should().Contain("resolves to 127.0.0.1, a loopback, private or link-local address");
        listener.Received.Should().BeEmpty();
    }
}

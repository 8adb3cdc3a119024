using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.Tests.Api.Pages;

/// <summary>The webhooks page (/settings/webhooks) and a subscription's delivery log.</summary>
public sealed class WebhooksPageTests : ManagerPageTest
{
    [Fact]
    public async Task A_new_webhook_shows_its_signing_secret_once_and_is_listed_with_its_events()
    {
        var (page, dialogs, _) = Render<WebhooksPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No webhooks yet."));

        await ClickAsync(page, "Add webhook");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await dialogs.InvokeAsync(() => Field(dialogs, "URL").Change("http://127.0.0.1:9/hooks/ordorolite"));
        await ClickAsync(dialogs, "Add webhook");
        dialogs.WaitForAssertion(() => dialogs.Find("input[aria-label='Signing secret']").GetAttribute("value").Should().StartWith("whsec_"));
        var secret = dialogs.Find("input[aria-label='Signing secret']").GetAttribute("value")!;
        await ClickAsync(dialogs, "I have copied it");

        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().ContainSingle());
        page.Find("tbody tr").TextContent.Should().Contain("http://127.0.0.1:9/hooks/ordorolite").And.Contain("order.cancelled")
            .And.Contain("order.restored").And.Contain("0 delivered, 0 pending, 0 failed").And.Contain("Enabled");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().BeEmpty());
        page.Markup.Should().NotContain(secret);
        await using var db = Database.CreateDbContext();
        (await db.WebhookSubscriptions.SingleAsync()).Secret.Should().Be(secret);
    }

    [Fact]
    public async Task A_refused_url_keeps_the_dialog_with_what_was_typed_and_says_why()
    {
        var (page, dialogs, _) = Render<WebhooksPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No webhooks yet."));
        const string metadata = "http://169.254.169.254/latest/meta-data";

        await ClickAsync(page, "Add webhook");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await dialogs.InvokeAsync(() => Field(dialogs, "URL").Change(metadata));
        await ClickAsync(dialogs, "Add webhook");

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=add-webhook-error]").TextContent
            .Should().Contain("resolves to 169.254.169.254").And.Contain("webhooks go only to public addresses"));
        Field(dialogs, "URL").GetAttribute("value").Should().Be(metadata);
        await using var db = Database.CreateDbContext();
        (await db.WebhookSubscriptions.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_delivery_log_shows_each_attempt_and_redeliver_sends_it_again()
    {
        var subscription = await SubscribeAndDeliverAsync();
        var (page, _, _) = Render<WebhookDeliveriesPage>(p => p.Add(x => x.Id, subscription));

        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().ContainSingle());
        var row = page.Find("tbody tr").TextContent;
        row.Should().Contain("order.cancelled").And.Contain("Delivered").And.Contain("204");
        var webhookId = page.Find("tbody tr code").TextContent;
        await ClickAsync(page, "Redeliver");

        page.WaitForAssertion(() => page.Find("tbody tr").TextContent.Should().Contain("Pending"));
        await using var db = Database.CreateDbContext();
        (await db.WebhookDeliveries.SingleAsync()).State.Should().Be(WebhookDeliveryState.Pending);
        webhookId.Should().StartWith("evt_");
    }

    [Fact]
    public void An_unknown_webhooks_log_says_it_does_not_exist()
    {
        var (page, _, _) = Render<WebhookDeliveriesPage>(p => p.Add(x => x.Id, 4242));

        page.WaitForAssertion(() => page.Markup.Should().Contain("Webhook 4242 does not exist."));
    }

    private async Task<int> SubscribeAndDeliverAsync()
    {
        var east = await World.AddWarehouseAsync("East");
        var widget = await World.AddProductAsync("W-1", stock: (east, 5));
        var number = await World.PlaceOrderAsync(east, (widget, 1));
        var created = await Ctx.Services.GetRequiredService<ManageWebhooks>()
            .SubscribeAsync(Manager, "http://127.0.0.1:9/hook", [WebhookEvents.OrderCancelled]);
        await World.CancelAsync([number], deleteLabels: false);
        var dispatcher = new WebhookDispatcher(Database, OutboxHorizons.For("Sqlite"), new Answering(204), TimeProvider.System, new WebhookOptions());
        await dispatcher.RunOnceAsync();
        return created.Subscription.Id;
    }

    private sealed class Answering(int status) : IWebhookSender
    {
        public Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct) => Task.FromResult(new WebhookResponse(status, null));
    }
}

/// <summary>The webhooks page where only public addresses are allowed (the default).</summary>
public sealed class WebhooksPageWithoutPrivateNetworksTests : ManagerPageTest
{
    protected override bool AllowPrivateNetworks => false;

    [Fact]
    public async Task A_loopback_url_is_refused_with_a_sentence_and_nothing_is_added()
    {
        var (page, dialogs, _) = Render<WebhooksPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No webhooks yet."));

        await ClickAsync(page, "Add webhook");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await dialogs.InvokeAsync(() => Field(dialogs, "URL").Change("http://127.0.0.1:8080/hook"));
        await ClickAsync(dialogs, "Add webhook");

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=add-webhook-error]").TextContent.Should().Be(
            "\"127.0.0.1\" resolves to 127.0.0.1, a loopback, private or link-local address; webhooks go only to public addresses."));
        await using var db = Database.CreateDbContext();
        (await db.WebhookSubscriptions.CountAsync()).Should().Be(0);
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using OrdoroLite.App.Features.NeedsAttention;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>The Needs attention page (docs/channels.md) over a real SQLite database.</summary>
public sealed class NeedsAttentionPageTests : AppComponentTest
{
    [Fact]
    public async Task A_retry_pressed_by_someone_who_is_no_longer_a_manager_is_refused_on_the_server_and_changes_nothing()
    {
        var number = await FailingChannelCancellationAsync();
        var auth = SignIn(Scenario.Bob, Roles.Manager);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var snackbars = Ctx.Render<MudSnackbarProvider>();
        var page = Ctx.Render<NeedsAttentionPage>();
        var retry = $"button[aria-label='Retry channel cancellation of order {number}']";
        page.WaitForAssertion(() => page.Find(retry).HasAttribute("disabled").Should().BeFalse());

        // The role is taken away while the page is open: the button is still on screen.
        auth.SetRoles(Roles.Staff);
        await page.InvokeAsync(() => page.Find(retry).Click());

        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("Only managers can retry a channel cancellation."));
        var request = (await World.OrderAsync(number)).ChannelCancellations.Single();
        request.Attempts.Should().Be(ChannelCancellation.FailuresBeforeAttention, "nothing was reset");
        (await World.OrderAsync(number)).Events.Should().NotContain(e => e.Detail == "Retry asked for by a manager");
    }

    [Fact]
    public async Task Staff_see_a_failing_channel_cancellation_with_its_last_error_but_no_retry_button()
    {
        var number = await FailingChannelCancellationAsync();
        SignIn(Scenario.Alice, Roles.Staff);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var page = Ctx.Render<NeedsAttentionPage>();

        page.WaitForAssertion(() => page.Find("[aria-label='Channel cancellations that keep failing'] tbody tr").TextContent
            .Should().Contain(number.ToString()).And.Contain("The sales channel is unavailable (503)."));
        page.FindAll("button[aria-label^='Retry channel cancellation']").Should().BeEmpty();
    }

    /// <summary>An order cancelled here whose channel cancellation failed often enough to need a person.</summary>
    private async Task<int> FailingChannelCancellationAsync()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 1));
        await World.CancelAsync([number], deleteLabels: false, alsoOnChannel: true);
        var channel = new SandboxSalesChannel(new SandboxSalesChannelOptions { Down = true }, World.Clock);
        var options = new ChannelSyncOptions();
        for (var i = 0; i < ChannelCancellation.FailuresBeforeAttention; i++)
        {
            await new ChannelCancellationProcessor(Database, channel, World.Clock, options).RunOnceAsync();
            World.Clock.Advance(options.MaxRetryDelay);
        }

        await using var db = Database.CreateDbContext();
        (await db.ChannelCancellations.SingleAsync()).Attempts.Should().Be(ChannelCancellation.FailuresBeforeAttention);
        return number;
    }
}

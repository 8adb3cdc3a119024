using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Refunds;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>The Label refunds page over a real SQLite database.</summary>
public sealed class RefundsPageTests : AppComponentTest
{
    [Fact]
    public async Task A_refund_amount_shows_in_dollars_with_its_sign_like_every_other_amount()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (widget, 1));
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        var cost = (await World.OrderAsync(number)).Labels.Single().CostCents;
        SignIn(Scenario.Alice, Roles.Staff);
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var page = Ctx.Render<RefundsPage>();

        page.WaitForAssertion(() => page.Find("td[data-label=Amount]").TextContent.Trim()
            .Should().Be("$" + (cost / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
    }
}

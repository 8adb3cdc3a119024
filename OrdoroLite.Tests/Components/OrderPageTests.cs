using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Components;

/// <summary>The order page over a real SQLite database and the real services.</summary>
public sealed class OrderPageTests : AppComponentTest
{
    protected override string? BrowserTimeZone => "Europe/Paris";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Scenario.Alice);
    }

    [Fact]
    public async Task Heading_names_the_order_and_the_page_shows_customer_ship_from_and_lines()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 2));

        var page = RenderPage(number);

        page.WaitForAssertion(() => page.Find("h1").TextContent.Should().Be($"Order {number}"));
        page.Markup.Should().Contain("Casey Customer").And.Contain("Springfield").And.Contain("Shopify");
        page.Find("tbody tr").TextContent.Should().Contain("W-1").And.Contain("Product W-1").And.Contain("$19.99");
        page.FindAll("h2").Select(h => h.TextContent).Should().Contain("Ship from");
        page.Markup.Should().Contain("East");
    }

    [Fact]
    public void Unknown_order_number_says_the_order_does_not_exist()
    {
        var page = RenderPage(99999);

        page.WaitForAssertion(() => page.Find("[role=alert], .mud-alert").TextContent.Should().Contain("Order 99999 does not exist."));
        page.FindAll(".timeline-entry").Should().BeEmpty();
    }

    [Fact]
    public async Task Timeline_lists_every_event_newest_first_with_staff_member_local_time_reason_and_stock_change()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 3));
        World.Clock.Advance(TimeSpan.FromMinutes(5));
        await World.Cancel.RunAsync(
            new CancelOrdersRequest([number], CancelReason.CustomerRequest, "asked by phone", DeleteLabels: false), Scenario.Bob);

        var page = RenderPage(number);

        page.WaitForAssertion(() => page.FindAll(".timeline-entry").Should().HaveCount(2));
        page.Find("section[aria-labelledby=timeline-heading] h2").TextContent.Should().Be("Timeline");
        var entries = page.FindAll(".timeline-entry");
        var newest = entries[0].TextContent;
        newest.Should().Contain("Cancelled").And.Contain("by Bob Staff").And.Contain("Reason: Customer request")
            .And.Contain("asked by phone").And.Contain("W-1 at East: Committed -3");
        // 15:35 UTC on 2 November is 16:35 in Paris (CET).
        page.WaitForAssertion(() => page.FindAll(".timeline-entry time")[0].TextContent.Should().Be("2026-11-02 16:35"));
        entries[1].TextContent.Should().Contain("Imported").And.Contain("W-1 at East: Committed +3");
    }

    [Fact]
    public async Task A_comment_with_markup_is_shown_as_text_and_never_run()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 1));
        await World.AddComment.RunAsync(number, "<script>alert(1)</script>", Scenario.Bob);

        var page = RenderPage(number);

        page.WaitForAssertion(() => page.Find(".timeline-comment").TextContent.Should().Be("<script>alert(1)</script>"));
        page.FindAll("script").Should().BeEmpty();
        page.Markup.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task Adding_a_comment_records_it_as_the_signed_in_staff_member_and_shows_it_first_on_the_timeline()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 1));
        var page = RenderPage(number);
        page.WaitForAssertion(() => page.Find("textarea"));

        await page.InvokeAsync(() => page.Find("textarea").Input("Customer called, wants it gift-wrapped"));
        page.WaitForAssertion(() => AddCommentButton(page).HasAttribute("disabled").Should().BeFalse());
        await page.InvokeAsync(() => AddCommentButton(page).Click());

        page.WaitForAssertion(() =>
        {
            var newest = page.FindAll(".timeline-entry")[0].TextContent;
            newest.Should().Contain("Comment").And.Contain("by Alice Staff").And.Contain("Customer called, wants it gift-wrapped");
        });
        page.Find("textarea").GetAttribute("value").Should().BeNullOrEmpty();
        var saved = (await World.OrderAsync(number)).Events.Single(e => e.Type == OrderEventType.Commented);
        saved.ActorId.Should().Be(Scenario.Alice.Id);
        saved.Comment.Should().Be("Customer called, wants it gift-wrapped");
    }

    [Fact]
    public async Task An_over_long_comment_is_refused_with_a_message_and_nothing_is_saved()
    {
        var widget = await World.AddProductAsync("W-1", stock: (East, 10));
        var number = await World.PlaceOrderAsync(East, (widget, 1));
        var page = RenderPage(number);
        page.WaitForAssertion(() => page.Find("textarea"));

        await page.InvokeAsync(() => page.Find("textarea").Input(new string('x', 2_001)));
        page.WaitForAssertion(() => AddCommentButton(page).HasAttribute("disabled").Should().BeFalse());
        await page.InvokeAsync(() => AddCommentButton(page).Click());

        page.WaitForAssertion(() => page.Find("[role=alert]").TextContent
            .Should().Contain("The comment is 2,001 characters long; the limit is 2,000. Nothing was changed."));
        page.Markup.Should().Contain("2001 / 2000");
        (await World.OrderAsync(number)).Events.Should().NotContain(e => e.Type == OrderEventType.Commented);
    }

    private IRenderedComponent<OrderPage> RenderPage(int number)
    {
        Ctx.Render<MudPopoverProvider>();
        return Ctx.Render<OrderPage>(p => p.Add(x => x.Number, number));
    }

    private static AngleSharp.Dom.IElement AddCommentButton(IRenderedComponent<OrderPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Add comment");
}

using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.Tests.Components.Orders;

/// <summary>The Orders tab's view as its URL carries it.</summary>
public sealed class OrdersViewTests
{
    [Fact]
    public void Every_part_of_a_view_survives_the_round_trip_through_its_url()
    {
        var view = new OrdersView
        {
            Tab = OrderTab.Cancelled, Search = "mary & co", Channel = "Shopify", WarehouseId = 3,
            From = new DateOnly(2026, 10, 1), To = new DateOnly(2026, 10, 30), Sku = "W-1",
            Reason = CancelReason.OutOfStock, Staff = "Sam Staff",
            CancelledFrom = new DateOnly(2026, 10, 5), CancelledTo = new DateOnly(2026, 10, 6),
            Sort = OrderSort.Total, Descending = false, Page = 4, PageSize = 100,
        };

        var url = view.ToUrl();

        url.Should().Be("/orders?tab=cancelled&q=mary%20%26%20co&channel=Shopify&warehouse=3&from=2026-10-01&to=2026-10-30&sku=W-1"
            + "&reason=OutOfStock&staff=Sam%20Staff&cancelledFrom=2026-10-05&cancelledTo=2026-10-06&sort=total&dir=asc&page=5&size=100");
        OrdersView.Parse("http://localhost" + url).Should().Be(view);
    }

    [Fact]
    public void A_default_view_is_just_its_tab_and_the_cancelled_tab_sorts_by_cancellation_newest_first()
    {
        new OrdersView().ToUrl().Should().Be("/orders?tab=awaiting");
        OrdersView.Parse("/orders").Should().Be(new OrdersView());
        var cancelled = OrdersView.Parse("/orders?tab=cancelled");
        (cancelled.Sort, cancelled.Descending).Should().Be((OrderSort.CancelledAt, true));
        cancelled.ToUrl().Should().Be("/orders?tab=cancelled");
    }

    [Theory]
    [InlineData("/orders?tab=nope&page=abc&size=7&sort=bogus&dir=sideways&warehouse=x&from=2026-13-01&to=yesterday")]
    [InlineData("/orders?page=-3&size=1000000000000&warehouse=-1&reason=OutOfStock&staff=Sam&cancelledFrom=2026-10-01")]
    [InlineData("/orders?sort=cancelled&from=2026-10-30&to=2026-10-01&reason=99")]
    public void Values_the_page_cannot_use_fall_back_to_the_defaults(string url)
    {
        OrdersView.Parse(url).Should().Be(new OrdersView());
    }

    [Fact]
    public void Another_tab_keeps_search_and_filters_but_drops_the_cancelled_tabs_own_filters_and_sort()
    {
        var cancelled = OrdersView.Parse("/orders?tab=cancelled&q=mary&from=2026-10-01&reason=none&staff=Sam&page=3");

        var awaiting = cancelled.WithTab(OrderTab.AwaitingFulfillment);

        awaiting.ToUrl().Should().Be("/orders?tab=awaiting&q=mary&from=2026-10-01");
        awaiting.WithTab(OrderTab.Cancelled).ToUrl().Should().Be("/orders?tab=cancelled&q=mary&from=2026-10-01");
        OrdersView.Parse("/orders?tab=all&sort=number&dir=asc").WithTab(OrderTab.Shipped).ToUrl()
            .Should().Be("/orders?tab=shipped&sort=number&dir=asc", "a chosen sort the new tab has is kept");
    }

    [Fact]
    public void The_cancelled_tab_has_no_order_date_sort_as_it_has_no_date_column()
    {
        OrdersView.Parse("/orders?tab=cancelled&sort=date&dir=asc").Should().Be(OrdersView.For(OrderTab.Cancelled));
        OrdersView.Parse("/orders?tab=awaiting&dir=asc").WithTab(OrderTab.Cancelled).ToUrl()
            .Should().Be("/orders?tab=cancelled", "oldest order first has no column there to show it");
        OrdersView.Parse("/orders?tab=cancelled&sort=total&dir=asc").WithTab(OrderTab.All).ToUrl()
            .Should().Be("/orders?tab=all&sort=total&dir=asc");
    }

    [Fact]
    public void Dates_are_the_viewers_days_from_local_midnight_to_local_midnight_after_the_last()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var view = OrdersView.Parse("/orders?tab=all&from=2026-10-24&to=2026-10-25");

        var range = view.ToRequest(berlin).OrderDate!;

        // Summer time ends on 2026-10-25: the last day is 25 hours long.
        range.From.Should().Be(new DateTimeOffset(2026, 10, 23, 22, 0, 0, TimeSpan.Zero));
        range.To.Should().Be(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero));
        LocalDays.Range(null, null, berlin).Should().BeNull();
    }

    [Fact]
    public void Two_views_match_the_same_orders_whatever_their_sort_and_page()
    {
        var view = OrdersView.Parse("/orders?tab=shipped&channel=Amazon");

        view.MatchesSameOrdersAs(view with { Sort = OrderSort.Total, Page = 7, PageSize = 25 }).Should().BeTrue();
        view.MatchesSameOrdersAs(view with { Channel = "eBay" }).Should().BeFalse();
    }
}

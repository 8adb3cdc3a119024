using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.Tests.Orders;

/// <summary>
/// Which hint a status tab's channel or warehouse filter gets (<c>OrderGridQueries.FilterHint</c>,
/// docs/orders-grid.md): the way to the page that reads the fewest orders. What each hint makes
/// SQLite do is checked on a database in <see cref="OrderGridBroadDatesTests"/>.
/// </summary>
public sealed class OrderGridFilterHintTests
{
    // The three ways to a status tab's page with a channel or warehouse filter, at a million orders:
    // Awaiting Fulfillment 72,681, Shipped 783,111, Cancelled 121,304 (the bench's database).
    [Theory]
    [InlineData(72_681, 10_001, 2_050, OrderSort.Customer, GridHints.RareStatus)]   // Awaiting + Shopify, page 41: walk the tab's customer index
    [InlineData(783_111, 10_001, 2_050, OrderSort.Customer, GridHints.None)]        // Shipped + Shopify: walk the channel's customer index
    [InlineData(72_681, 2_000, 50, OrderSort.Customer, GridHints.None)]             // a new channel's 2,000 open orders, page 1: its customer index
    [InlineData(72_681, 2_000, 2_050, OrderSort.Customer, GridHints.RareFilter)]    // the same at page 41: read its 2,000 and sort
    [InlineData(121_304, 0, 50, OrderSort.CancelledAt, GridHints.RareFilter)]       // Cancelled + that channel: none to find
    [InlineData(121_304, 10_001, 50, OrderSort.CancelledAt, GridHints.RareStatus)]  // Cancelled + Shopify: walk cancellation time
    [InlineData(121_304, 300, 50, OrderSort.CancelledAt, GridHints.RareFilter)]
    [InlineData(121_304, 9_000, 50, OrderSort.CancelledAt, GridHints.RareStatus)]
    internal void A_filter_is_hinted_by_which_way_reads_fewest_orders(long tab, long total, long page, OrderSort sort, GridHints hint) =>
        OrderGridQueries.FilterHint(tab, 1_000_000, total, page, sort).Should().Be(hint);
}

using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Queries;

/// <summary>Every list refuses a page it cannot serve with a sentence, before any query (issue 20, item 1: numbers that enter).</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData(-1, 50, "Page 0 is out of range; pages run from 1 to 100,001.")]
    [InlineData(int.MaxValue, 100, "Page 2,147,483,648 is out of range; pages run from 1 to 100,001.")]
    [InlineData(Paging.MaxPage + 1, 25, "Page 100,002 is out of range; pages run from 1 to 100,001.")]
    [InlineData(0, -25, "A page holds 25, 50 or 100 orders, not -25.")]
    public async Task The_orders_grid_refuses_a_page_out_of_range(int page, int size, string message)
    {
        var grid = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System));

        var load = () => grid.LoadAsync(new OrderGridRequest(OrderTab.All, Page: page, PageSize: size));

        (await load.Should().ThrowAsync<InvalidRequestException>()).Which.Message.Should().Be(message);
    }

    [Theory]
    [InlineData(0, 0, "A page holds 25, 50 or 100 refund requests, not 0.")]
    [InlineData(0, 1_000_000, "A page holds 25, 50 or 100 refund requests, not 1,000,000.")]
    [InlineData(-5, 25, "Page -4 is out of range; pages run from 1 to 100,001.")]
    public async Task The_refunds_list_refuses_a_page_out_of_range(int page, int size, string message)
    {
        var load = () => new RefundList(_database, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, TimeProvider.System).GetAsync(RefundFilter.All, page, size);

        (await load.Should().ThrowAsync<InvalidRequestException>()).Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task The_last_page_accepted_is_served()
    {
        var grid = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System));

        var page = await grid.LoadAsync(new OrderGridRequest(OrderTab.All, Page: Paging.MaxPage, PageSize: 100));

        page.Rows.Should().BeEmpty();
    }
}

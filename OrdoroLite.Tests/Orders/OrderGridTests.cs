using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

public sealed class OrderGridTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private GridWorld _orders = null!;
    private OrderGrid _grid = null!;
    private int _east;
    private int _west;
    private Product _widget = null!;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _orders = new GridWorld(_world);
        _grid = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System));
        _east = await _world.AddWarehouseAsync("East");
        _west = await _world.AddWarehouseAsync("West");
        _widget = await _world.AddProductAsync("W-1", stock: [(_east, 1_000), (_west, 1_000)]);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Tab_counts_count_every_status_and_all_orders()
    {
        var shipped = await _orders.PlaceAsync(_east, _widget);
        var cancelled = await _orders.PlaceAsync(_east, _widget);
        await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([shipped], null, Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([cancelled], null, null, false), Scenario.Alice);

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All));

        page.TabCounts.Should().BeEquivalentTo(new Dictionary<OrderTab, int>
        {
            [OrderTab.AwaitingFulfillment] = 1,
            [OrderTab.DropshipmentRequested] = 0,
            [OrderTab.Shipped] = 1,
            [OrderTab.Cancelled] = 1,
            [OrderTab.All] = 3,
        });
        page.TotalCount.Should().Be(3);
    }

    [Fact]
    public async Task A_status_tab_shows_only_orders_in_that_status_newest_first()
    {
        var older = await _orders.PlaceAsync(_east, _widget, date: _world.Clock.GetUtcNow().AddDays(-3));
        var newer = await _orders.PlaceAsync(_east, _widget, date: _world.Clock.GetUtcNow().AddDays(-1));
        var shipped = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([shipped], null, Scenario.Alice);

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.AwaitingFulfillment));

        page.Rows.Select(r => r.Number).Should().Equal(newer, older);
        page.TotalCount.Should().Be(2);
    }

    [Fact]
    public async Task Paging_returns_one_page_and_the_total_of_all_pages()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            numbers.Add(await _orders.PlaceAsync(_east, _widget));
        }

        var second = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Page: 1, PageSize: 25, Sort: OrderSort.Number, Descending: false));

        second.Rows.Select(r => r.Number).Should().Equal(numbers.Skip(25));
        second.TotalCount.Should().Be(30);
    }

    [Fact]
    public async Task A_page_size_other_than_25_50_or_100_is_refused()
    {
        var load = () => _grid.LoadAsync(new OrderGridRequest(OrderTab.All, PageSize: 1_000));

        await load.Should().ThrowAsync<OrdoroLite.Domain.Common.InvalidRequestException>();
    }

    [Theory]
    [InlineData("Mary", "Mary Major")]
    [InlineData("mary maj", "Mary Major")]
    [InlineData("  MARY   major ", "Mary Major")]
    [InlineData("majo", "Mary Major")]
    [InlineData("Mar", "Mary Major", "Anna Mar")]
    [InlineData("mary@ex", "Mary Major")]
    [InlineData("MARY@EXAMPLE.COM", "Mary Major")]
    [InlineData("AMZ-77", "Zed Zero")]
    [InlineData("amz-77", "Zed Zero")]
    public async Task Search_matches_name_surname_email_and_channel_order_id_by_prefix_in_any_case(string search, params string[] expected)
    {
        await _orders.PlaceAsync(_east, _widget, customer: "Mary Major", channelOrderId: "SHOP-1", email: "mary@example.com");
        await _orders.PlaceAsync(_east, _widget, customer: "Zed Zero", channelOrderId: "AMZ-7788");
        await _orders.PlaceAsync(_east, _widget, customer: "Anna Mar", channelOrderId: "SHOP-2");

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: search));

        page.Rows.Select(r => r.CustomerName).Should().BeEquivalentTo(expected);
        page.TotalCount.Should().Be(expected.Length);
    }

    [Fact]
    public async Task Search_by_number_finds_that_order_exactly()
    {
        var first = await _orders.PlaceAsync(_east, _widget);
        for (var i = 0; i < 11; i++)
        {
            await _orders.PlaceAsync(_east, _widget);
        }

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: first.ToString()));

        page.Rows.Select(r => r.Number).Should().Equal(first);
    }

    [Fact]
    public async Task Search_by_tracking_number_finds_the_labelled_order_and_shows_its_tracking()
    {
        var labelled = await _orders.PlaceAsync(_east, _widget);
        await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([labelled], null, Scenario.Alice);
        var tracking = (await _world.OrderAsync(labelled)).Labels.Single().TrackingNumber;

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: tracking));

        var row = page.Rows.Should().ContainSingle().Subject;
        row.Number.Should().Be(labelled);
        row.LabelState.Should().Be(LabelState.Active);
        row.TrackingNumber.Should().Be(tracking);
    }

    [Fact]
    public async Task Search_by_tracking_number_ignores_letter_case_and_spaces_on_labels_and_hand_entered_tracking()
    {
        var labelled = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([labelled], null, Scenario.Alice);
        var tracking = (await _world.OrderAsync(labelled)).Labels.Single().TrackingNumber;
        var byHand = await _world.PlaceOrderShippedByHandAsync(_east, "1Z 999 AA1 0123", (_widget, 1));
        var typed = string.Join(' ', tracking.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

        var label = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: typed));
        var hand = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: "1z999aa10123"));

        label.Rows.Select(r => r.Number).Should().Equal(labelled);
        hand.Rows.Select(r => r.Number).Should().Equal(byHand);
    }

    [Fact]
    public async Task Channel_and_warehouse_filters_narrow_the_rows_but_not_the_tab_counts()
    {
        var wanted = await _orders.PlaceAsync(_west, _widget, channel: "Amazon");
        await _orders.PlaceAsync(_east, _widget, channel: "Amazon");
        await _orders.PlaceAsync(_west, _widget, channel: "Shopify");

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Channel: "Amazon", WarehouseId: _west));

        var row = page.Rows.Should().ContainSingle().Subject;
        row.Number.Should().Be(wanted);
        row.WarehouseName.Should().Be("West");
        page.TotalCount.Should().Be(1);
        page.TabCounts[OrderTab.All].Should().Be(3);
    }

    [Fact]
    public async Task Cancelled_rows_carry_who_when_why_the_comment_and_the_refund_state()
    {
        var number = await _orders.PlaceAsync(_east, _widget);
        await _world.CreateLabels.RunAsync([number], null, Scenario.Alice);
        await _world.Cancel.RunAsync(
            new CancelOrdersRequest([number], CancelReason.SuspectedFraud, "card flagged", DeleteLabels: true), Scenario.Bob);

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled));

        var row = page.Rows.Should().ContainSingle().Subject;
        row.CancelledByName.Should().Be("Bob Staff");
        row.CancelledAt.Should().Be(_world.Clock.GetUtcNow());
        row.CancelReason.Should().Be(CancelReason.SuspectedFraud);
        row.CancelComment.Should().Be("card flagged");
        row.LabelState.Should().Be(LabelState.Deleted);
        row.RefundState.Should().Be(RefundState.Requested);
        row.TrackingNumber.Should().BeNull();
    }

    [Fact]
    public async Task The_cancelled_tab_narrows_to_a_reason_no_reason_a_person_or_a_sku_as_the_report_links_ask()
    {
        var gadget = await _world.AddProductAsync("G-7", stock: [(_east, 100)]);
        var fraud = await _orders.PlaceAsync(_east, _widget);
        var noReason = await _orders.PlaceAsync(_east, _widget);
        var byBob = await _orders.PlaceAsync(_east, gadget);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([fraud], CancelReason.SuspectedFraud, null, false), Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([noReason], null, null, false), Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest([byBob], CancelReason.OutOfStock, null, false), Scenario.Bob);

        async Task<IEnumerable<int>> Numbers(CancellationFilter filter) =>
            (await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, Cancellation: filter))).Rows.Select(r => r.Number);

        (await Numbers(new CancellationFilter(Reason: CancelReason.SuspectedFraud))).Should().Equal(fraud);
        (await Numbers(new CancellationFilter(WithoutReason: true))).Should().Equal(noReason);
        (await Numbers(new CancellationFilter(CancelledBy: "Bob Staff"))).Should().Equal(byBob);
        (await Numbers(new CancellationFilter(Sku: "G-7"))).Should().Equal(byBob);
        (await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, Cancellation: new CancellationFilter(Sku: "G-7")))).TotalCount.Should().Be(1);
    }

    [Fact]
    public async Task A_date_range_keeps_orders_placed_from_its_start_up_to_but_not_at_its_end()
    {
        var day = new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.Zero);
        await _orders.PlaceAsync(_east, _widget, date: day.AddTicks(-1));
        var first = await _orders.PlaceAsync(_east, _widget, date: day);
        var last = await _orders.PlaceAsync(_east, _widget, date: day.AddDays(1).AddTicks(-10));
        await _orders.PlaceAsync(_east, _widget, date: day.AddDays(1));

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.AwaitingFulfillment, OrderDate: new InstantRange(day, day.AddDays(1))));

        page.Rows.Select(r => r.Number).Should().Equal(last, first);
        page.TotalCount.Should().Be(2);
        (await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, OrderDate: new InstantRange(day.AddDays(1), null)))).TotalCount.Should().Be(1);
    }

    [Fact]
    public async Task The_cancelled_tab_sorts_by_when_orders_were_cancelled_and_narrows_to_a_cancellation_date_range()
    {
        var early = await _orders.PlaceAsync(_east, _widget, date: _world.Clock.GetUtcNow().AddDays(-1));
        var late = await _orders.PlaceAsync(_east, _widget, date: _world.Clock.GetUtcNow().AddDays(-2));
        var middle = await _orders.PlaceAsync(_east, _widget, date: _world.Clock.GetUtcNow().AddDays(-3));
        var cancelledAt = new Dictionary<int, DateTimeOffset>();
        foreach (var number in new[] { early, middle, late })
        {
            cancelledAt[number] = _world.Clock.GetUtcNow();
            await _world.Cancel.RunAsync(new CancelOrdersRequest([number], null, null, false), Scenario.Alice);
            _world.Clock.Advance(TimeSpan.FromHours(1));
        }

        var newestFirst = await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, Sort: OrderSort.CancelledAt));
        var oldestFirst = await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, Sort: OrderSort.CancelledAt, Descending: false));
        var within = await _grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled,
            Cancellation: new CancellationFilter(CancelledAt: new InstantRange(cancelledAt[middle], cancelledAt[late]))));

        newestFirst.Rows.Select(r => r.Number).Should().Equal(late, middle, early);
        oldestFirst.Rows.Select(r => r.Number).Should().Equal(early, middle, late);
        within.Rows.Select(r => r.Number).Should().Equal(middle);
    }

    [Fact]
    public async Task Matching_numbers_are_every_order_of_the_views_filter_in_its_sort_order_whatever_its_page()
    {
        var amazon = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            amazon.Add(await _orders.PlaceAsync(_east, _widget, channel: "Amazon", date: _world.Clock.GetUtcNow().AddHours(-i)));
            await _orders.PlaceAsync(_east, _widget, channel: "Shopify");
        }

        await _world.Cancel.RunAsync(new CancelOrdersRequest([amazon[4]], null, null, false), Scenario.Alice);
        var view = new OrderGridRequest(OrderTab.AwaitingFulfillment, Page: 3, PageSize: 25, Channel: "Amazon");

        var all = await _grid.MatchingNumbersAsync(view, max: 100);
        var capped = await _grid.MatchingNumbersAsync(view with { Sort = OrderSort.Number, Descending = false }, max: 2);

        all.Should().Equal(amazon[0], amazon[1], amazon[2], amazon[3]);
        capped.Should().Equal(new[] { amazon[0], amazon[1], amazon[2] }, "max + 1 tells the caller there are more than max");
    }

    [Fact]
    public async Task The_cancelled_by_filter_offers_every_staff_account_once()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Users.AddRange(
                new OrdoroLite.Domain.Staff.StaffMember { UserName = "b@x", DisplayName = "Bob Staff" },
                new OrdoroLite.Domain.Staff.StaffMember { UserName = "a@x", DisplayName = "Alice Staff", IsActive = false });
            await db.SaveChangesAsync();
        }

        var filters = await _grid.FiltersAsync();

        filters.Staff.Should().Equal("Alice Staff", "Bob Staff");
    }

    [Fact]
    public async Task Filters_list_each_channel_once_and_every_warehouse()
    {
        await _orders.PlaceAsync(_east, _widget, channel: "Shopify");
        await _orders.PlaceAsync(_east, _widget, channel: "Amazon");
        await _orders.PlaceAsync(_east, _widget, channel: "Shopify");
        await _orders.PlaceAsync(_east, _widget, channel: "eBay");

        var filters = await _grid.FiltersAsync();

        filters.Channels.Should().Equal(["Amazon", "eBay", "Shopify"], "as a person reads a list, not by code point");
        filters.Warehouses.Select(w => w.Name).Should().Equal("East", "West");
    }

    [Fact]
    public async Task A_search_shorter_than_three_characters_matches_only_exact_numbers_and_tracking()
    {
        await _orders.PlaceAsync(_east, _widget, customer: "Mary Major");

        var page = await _grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: "Ma"));

        page.Rows.Should().BeEmpty();
    }

    [Fact]
    public async Task Tab_counts_are_kept_in_memory_until_the_app_reports_a_change()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(_world.Clock.GetUtcNow());
        var counts = new OrderTabCounts(_database, clock);
        await _orders.PlaceAsync(_east, _widget);
        (await counts.GetAsync())[OrderTab.All].Should().Be(1);
        await _orders.PlaceAsync(_east, _widget);

        var cached = (await counts.GetAsync())[OrderTab.All];
        counts.Invalidate();
        var recounted = (await counts.GetAsync())[OrderTab.All];

        cached.Should().Be(1);
        recounted.Should().Be(2);
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

/// <summary>
/// A date range that holds most of a tab's orders, in a view sorted by anything but the order date,
/// is marked broad (<c>GridHints.BroadDates</c>): SQLite then walks the sort's index and
/// tests each order's date instead of reading the whole range and sorting it. A channel filter on a
/// rare status's tab is marked too (<c>GridHints.RareStatus</c>), and a channel holding few of a tab's
/// orders is marked rare (<c>GridHints.RareFilter</c>): SQLite reads it through its own index. The rows are the view's orders
/// in its order either way; PostgreSQL gets the same statement without a hint.
/// </summary>
public abstract class OrderGridBroadDatesTests(Func<TestDatabase> create) : IAsyncLifetime
{
    private const int Days = 12;
    private const int PerDay = 20;
    private static readonly string[] Surnames = ["Abbott", "Baker", "Carter", "Dunn", "Ellis", "Fox", "Gray"];
    private readonly List<(int Number, DateTimeOffset Date, string Customer)> _placed = [];
    private TestDatabase _database = null!;
    private DateTimeOffset _now;
    private List<int> _cancelled = [];
    private int _rare;

    public async Task InitializeAsync()
    {
        _database = create();
        var world = new Scenario(_database);
        var orders = new GridWorld(world);
        var warehouse = await world.AddWarehouseAsync("Main");
        var product = await world.AddProductAsync("W-1", stock: (warehouse, 10_000));
        _now = world.Clock.GetUtcNow();
        // Oldest first, as orders arrive: the numbers follow the order dates.
        for (var i = Days * PerDay - 1; i >= 0; i--)
        {
            var date = _now.AddDays(-(i / PerDay)).AddMinutes(-i);
            var customer = $"{Surnames[i * 5 % Surnames.Length]} {i:000}";
            _placed.Add((await orders.PlaceAsync(warehouse, product, customer: customer, date: date), date, customer));
        }

        // One order of a channel rarer than the Cancelled tab.
        var rareDate = _now.AddDays(-5).AddMinutes(-30);
        _rare = await orders.PlaceAsync(warehouse, product, channel: "Etsy", customer: "Hart 999", date: rareDate);
        _placed.Add((_rare, rareDate, "Hart 999"));
        _cancelled = _placed.Where((_, i) => i % 12 == 5).Select(o => o.Number).Append(_rare).ToList();
        await world.Cancel.RunAsync(new CancelOrdersRequest(_cancelled, CancelReason.CustomerRequest, null, DeleteLabels: false), Scenario.Alice);

        // As after an import: the planner has statistics of these orders.
        await using var db = _database.CreateDbContext();
        await OrdoroData.MigrateAsync(db);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData(OrderSort.Customer, false)]
    [InlineData(OrderSort.Customer, true)]
    [InlineData(OrderSort.Number, true)]
    public async Task A_range_holding_most_of_the_tabs_orders_is_marked_broad_and_shows_the_ranges_orders_in_the_views_order(
        OrderSort sort, bool descending)
    {
        var from = _now.AddDays(-(Days - 2));

        var (numbers, page) = await LoadAsync(new OrderGridRequest(OrderTab.All, 1, 25, sort, descending, OrderDate: new InstantRange(from, null)));

        numbers.Should().Equal(Expected(o => o.Date >= from, sort, descending).Skip(25).Take(25));
        page.Text.Contains("likelihood(").Should().Be(!_database.IsPostgres, "SQLite gets the hint; PostgreSQL's statistics need none");
        if (!_database.IsPostgres)
        {
            var plan = await _database.PlanAsync(page);
            plan.Should().Contain(step => step.Contains(sort == OrderSort.Customer ? "IX_Orders_CustomerName" : "PRIMARY KEY") && !step.Contains("OrderDate"),
                string.Join("\n", plan));
        }
    }

    [Fact]
    public async Task A_recent_range_by_number_is_walked_newest_first_and_read_and_sorted_oldest_first()
    {
        var from = _now.AddDays(-4);

        var (newest, newestPage) = await LoadAsync(new OrderGridRequest(OrderTab.All, 0, 25, OrderSort.Number, true, OrderDate: new InstantRange(from, null)));
        var (oldest, oldestPage) = await LoadAsync(new OrderGridRequest(OrderTab.All, 0, 25, OrderSort.Number, false, OrderDate: new InstantRange(from, null)));

        newest.Should().Equal(Expected(o => o.Date >= from, OrderSort.Number, true).Take(25));
        oldest.Should().Equal(Expected(o => o.Date >= from, OrderSort.Number, false).Take(25));
        // Newest first the walk meets the range at once: SQLite is told the range is broad; PostgreSQL
        // gets the page as one statement of rows (asked for numbers only, it read the range and sorted).
        newestPage.Text.Contains("likelihood(").Should().Be(!_database.IsPostgres);
        System.Text.RegularExpressions.Regex.Count(newestPage.Text, "\"Orders\"").Should()
            .Be(_database.IsPostgres ? 1 : 2, "SQLite cuts the page's numbers first, then reads their orders");
        newestPage.Text.Should().NotContain(Unindexed);
        // Oldest first a walk of the numbers would read the 8 days before the range first: on every
        // database the number is hidden from index matching, so the range is read and sorted.
        oldestPage.Text.Should().Contain(Unindexed).And.NotContain("likelihood(");
        if (!_database.IsPostgres)
        {
            var walk = await _database.PlanAsync(newestPage);
            walk.Should().Contain(step => step.Contains("PRIMARY KEY") && !step.Contains("OrderDate"), string.Join("\n", walk));
            var plan = await _database.PlanAsync(oldestPage);
            plan.Should().Contain(step => step.Contains("OrderDate>?"), string.Join("\n", plan));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_cancelled_tabs_last_days_by_cancellation_time_are_right_in_both_directions(bool descending)
    {
        var from = _now.AddDays(-4);

        var (rows, page) = await LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 25, OrderSort.CancelledAt, descending, OrderDate: new InstantRange(from, null)));

        // Cancelled in the order they were placed (one run): cancellation time follows the number.
        var expected = _placed.Where(o => o.Date >= from && _cancelled.Contains(o.Number)).Select(o => o.Number).Order().ToList();
        rows.Should().Equal(descending ? Enumerable.Reverse(expected) : expected).And.NotBeEmpty();
        // Fewer than a page's orders in the range: read and sorted whichever way.
        page.Text.Should().Contain(Unindexed);
    }

    [Fact]
    public async Task A_one_day_range_is_read_through_the_date_index_and_sorted()
    {
        var from = _now.AddDays(-3).AddHours(-12);
        var to = from.AddDays(1);

        var (numbers, page) = await LoadAsync(new OrderGridRequest(OrderTab.All, 0, 25, OrderSort.Customer, false, OrderDate: new InstantRange(from, to)));

        numbers.Should().Equal(Expected(o => o.Date >= from && o.Date < to, OrderSort.Customer, false).Take(25)).And.NotBeEmpty();
        page.Text.Should().NotContain("likelihood(");
    }

    [Fact]
    public async Task A_view_sorted_by_order_date_reads_its_range_in_order_whatever_its_width()
    {
        var from = _now.AddDays(-(Days - 2));

        var (numbers, page) = await LoadAsync(new OrderGridRequest(OrderTab.All, 0, 25, OrderSort.Date, true, OrderDate: new InstantRange(from, null)));

        numbers.Should().Equal(_placed.Where(o => o.Date >= from).OrderByDescending(o => o.Date).ThenByDescending(o => o.Number).Select(o => o.Number).Take(25));
        page.Text.Should().NotContain("likelihood(");
    }

    [Fact]
    public async Task A_channel_filter_on_a_rare_status_tab_is_marked_and_on_a_common_one_is_not()
    {
        var (rare, rarePage) = await LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 25, OrderSort.Customer, false, Channel: "Shopify"));
        var (common, commonPage) = await LoadAsync(new OrderGridRequest(OrderTab.AwaitingFulfillment, 0, 25, OrderSort.Customer, false, Channel: "Shopify"));

        rare.Should().Equal(Expected(o => _cancelled.Contains(o.Number) && o.Number != _rare, OrderSort.Customer, false).Take(25)).And.HaveCount(20);
        rarePage.Text.Contains("likelihood(").Should().Be(!_database.IsPostgres);
        common.Should().Equal(Expected(o => !_cancelled.Contains(o.Number), OrderSort.Customer, false).Take(25));
        commonPage.Text.Should().NotContain("likelihood(");
    }

    [Theory]
    [InlineData(OrderSort.CancelledAt)]
    [InlineData(OrderSort.Customer)]
    public async Task A_channel_with_few_of_a_tabs_orders_is_marked_rare_and_read_through_its_own_index(OrderSort sort)
    {
        var (rows, page) = await LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 25, sort, true, Channel: "Etsy"));

        rows.Should().Equal(_rare);
        page.Text.Contains("likelihood(").Should().Be(!_database.IsPostgres);
        if (!_database.IsPostgres)
        {
            page.Text.Should().Contain("0.0625");
            var plan = await _database.PlanAsync(page);
            // Through an index that starts with the channel (or the status, then the channel), not the tab's sort index.
            plan.Should().Contain(step => step.StartsWith("SEARCH o USING INDEX") && step.Contains("Channel=?)"), string.Join("\n", plan));
        }
    }

    [Fact]
    public async Task A_filtered_view_that_nothing_matches_reads_no_page()
    {
        var log = new CommandLog();
        var grid = new OrderGrid(_database.With(log), new OrderTabCounts(_database, TimeProvider.System));

        var page = await grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 25, OrderSort.CancelledAt, true, Channel: "Walmart"));

        page.Rows.Should().BeEmpty();
        page.TotalCount.Should().Be(0);
        log.Statements.Should().ContainSingle(s => s.Text.Contains("COUNT(", StringComparison.OrdinalIgnoreCase)).And.NotContain(s => s.Text.Contains("OFFSET"));
    }

    // PlannerHints.Unindexed as each provider writes it.
    private string Unindexed => _database.IsPostgres ? "GREATEST(" : "ifnull(";

    private async Task<(List<int> Numbers, Statement Page)> LoadAsync(OrderGridRequest request)
    {
        var log = new CommandLog();
        var grid = new OrderGrid(_database.With(log), new OrderTabCounts(_database, TimeProvider.System));
        var rows = (await grid.LoadAsync(request)).Rows.Select(r => r.Number).ToList();
        return (rows, log.Statements.Single(s => s.Text.Contains("OFFSET")));
    }

    private IEnumerable<int> Expected(Func<(int Number, DateTimeOffset Date, string Customer), bool> inRange, OrderSort sort, bool descending)
    {
        var matching = _placed.Where(inRange);
        var sorted = (sort, descending) switch
        {
            (OrderSort.Customer, false) => matching.OrderBy(o => o.Customer, StringComparer.Ordinal).ThenBy(o => o.Number),
            (OrderSort.Customer, true) => matching.OrderByDescending(o => o.Customer, StringComparer.Ordinal).ThenByDescending(o => o.Number),
            (OrderSort.Number, true) => matching.OrderByDescending(o => o.Number),
            (OrderSort.Number, false) => matching.OrderBy(o => o.Number),
            _ => throw new ArgumentOutOfRangeException(nameof(sort)),
        };
        return sorted.Select(o => o.Number);
    }

    public sealed class OnSqlite() : OrderGridBroadDatesTests(TestDatabase.InMemory);

    public sealed class OnPostgres() : OrderGridBroadDatesTests(TestDatabase.Postgres);
}

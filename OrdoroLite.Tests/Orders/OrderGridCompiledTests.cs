using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

/// <summary>
/// The grid's common shapes run as compiled queries; requests with filters compose LINQ. Both must
/// show the same rows, and the statements the compiled queries send must walk indexes too.
/// </summary>
public sealed class OrderGridCompiledTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private GridWorld _orders = null!;
    private int _east;
    private Product _widget = null!;
    private readonly List<int> _numbers = [];
    private string _tracking = "";

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _orders = new GridWorld(_world);
        _east = await _world.AddWarehouseAsync("East");
        var west = await _world.AddWarehouseAsync("West");
        _widget = await _world.AddProductAsync("W-1", stock: [(_east, 1_000), (west, 1_000)]);

        // A mix of customers, channels, warehouses, quantities (equal totals test the tie-break)
        // and every status, with labels active, deleted, replaced and refunded.
        string[] customers = ["Casey Customer", "casey lower", "Cleo Kovacek", "Dana Day", "Evan Eve"];
        for (var i = 0; i < 30; i++)
        {
            _numbers.Add(await _orders.PlaceAsync(i % 3 == 0 ? west : _east, _widget, customer: customers[i % customers.Length],
                channel: i % 2 == 0 ? "Shopify" : "Amazon", quantity: 1 + (i % 4),
                date: _world.Clock.GetUtcNow().AddHours(-i * 5 % 17)));
        }

        await _world.CreateLabels.RunAsync(_numbers.Take(12).ToList(), null, Scenario.Alice);
        await _world.DeleteLabels.RunAsync(_numbers.Skip(8).Take(4).ToList(), null, Scenario.Alice);
        await _world.CreateLabels.RunAsync(_numbers.Skip(10).Take(2).ToList(), null, Scenario.Alice);
        await _world.Cancel.RunAsync(new CancelOrdersRequest(_numbers.Skip(4).Take(3).ToList(), CancelReason.SuspectedFraud, "flagged", DeleteLabels: true), Scenario.Bob);
        await _world.Cancel.RunAsync(new CancelOrdersRequest(_numbers.Skip(20).Take(3).ToList(), null, null, DeleteLabels: false), Scenario.Alice);
        _tracking = (await _world.OrderAsync(_numbers[0])).Labels.Single().TrackingNumber;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<OrderTab, OrderSort, bool> Shapes()
    {
        var data = new TheoryData<OrderTab, OrderSort, bool>();
        foreach (var tab in OrderTabs.All)
        {
            foreach (var sort in Enum.GetValues<OrderSort>())
            {
                data.Add(tab, sort, true);
                data.Add(tab, sort, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Compiled_queries_show_the_same_rows_and_totals_as_the_general_path_for_every_search(OrderTab tab, OrderSort sort, bool descending)
    {
        var compiled = Grid(compiledQueries: true);
        var general = Grid(compiledQueries: false);
        string?[] searches = [null, "   ", "cas", "Casey", "casey lower", "cleo kovacek", "CH-0", "ch-000", "12",
            _numbers[3].ToString(), _numbers[0].ToString()[..1], _tracking, "nobody", "a"];

        foreach (var search in searches)
        {
            foreach (var (page, size) in new[] { (0, 25), (1, 25), (0, 100) })
            {
                var request = new OrderGridRequest(tab, page, size, sort, descending, search);

                var fast = await compiled.LoadAsync(request);
                var slow = await general.LoadAsync(request);

                fast.Rows.Should().Equal(slow.Rows, $"{request} should show the same rows either way");
                fast.TotalCount.Should().Be(slow.TotalCount, request.ToString());
                fast.TotalIsCapped.Should().Be(slow.TotalIsCapped, request.ToString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Compiled_queries_show_the_same_rows_and_totals_as_the_general_path_for_every_filter(OrderTab tab, OrderSort sort, bool descending)
    {
        var compiled = Grid(compiledQueries: true);
        var general = Grid(compiledQueries: false);
        var now = _world.Clock.GetUtcNow();
        Func<OrderGridRequest, OrderGridRequest>[] filters =
        [
            r => r with { Channel = "Shopify" },
            r => r with { WarehouseId = _east },
            r => r with { OrderDate = new InstantRange(now.AddHours(-9), null) },
            r => r with { OrderDate = new InstantRange(null, now.AddHours(-9)) },
            r => r with { OrderDate = new InstantRange(now.AddHours(-12), now.AddHours(-3)) },
            r => r with { Cancellation = new CancellationFilter(Reason: CancelReason.SuspectedFraud) },
            r => r with { Cancellation = new CancellationFilter(CancelledBy: Scenario.Alice.Name) },
            r => r with { Cancellation = new CancellationFilter(CancelledAt: new InstantRange(now.AddMinutes(-1), now.AddMinutes(1))) },
            r => r with { Cancellation = new CancellationFilter(CancelledAt: new InstantRange(null, now.AddMinutes(-1))) },
            r => r with { Channel = "Amazon", WarehouseId = _east, OrderDate = new InstantRange(now.AddHours(-16), now) },
            r => r with { Channel = "Shopify", Cancellation = new CancellationFilter(CancelReason.SuspectedFraud, CancelledBy: Scenario.Bob.Name) },
        ];

        var rowsSeen = 0;
        foreach (var filter in filters)
        {
            foreach (var (page, size) in new[] { (0, 25), (1, 25), (0, 100) })
            {
                var request = filter(new OrderGridRequest(tab, page, size, sort, descending));

                var fast = await compiled.LoadAsync(request);
                var slow = await general.LoadAsync(request);

                fast.Rows.Should().Equal(slow.Rows, $"{request} should show the same rows either way");
                fast.TotalCount.Should().Be(slow.TotalCount, request.ToString());
                rowsSeen += fast.Rows.Count;
            }
        }

        if ((await compiled.LoadAsync(new OrderGridRequest(tab))).TotalCount > 0)
        {
            rowsSeen.Should().BePositive("a comparison of empty pages only would prove nothing");
        }
    }

    [Fact]
    public async Task Each_filter_alone_finds_some_orders_and_not_all_of_them()
    {
        // Guards the comparison above: each filter must narrow, on a tab where it has something to narrow.
        var grid = Grid(compiledQueries: true);
        var now = _world.Clock.GetUtcNow();
        var all = (await grid.LoadAsync(new OrderGridRequest(OrderTab.All, PageSize: 100))).TotalCount;
        var cancelled = (await grid.LoadAsync(new OrderGridRequest(OrderTab.Cancelled, PageSize: 100))).TotalCount;
        foreach (var (request, of) in new[]
                 {
                     (new OrderGridRequest(OrderTab.All, PageSize: 100, Channel: "Shopify"), all),
                     (new OrderGridRequest(OrderTab.All, PageSize: 100, WarehouseId: _east), all),
                     (new OrderGridRequest(OrderTab.All, PageSize: 100, OrderDate: new InstantRange(now.AddHours(-9), null)), all),
                     (new OrderGridRequest(OrderTab.All, PageSize: 100, OrderDate: new InstantRange(null, now.AddHours(-9))), all),
                     (new OrderGridRequest(OrderTab.Cancelled, PageSize: 100, Cancellation: new CancellationFilter(Reason: CancelReason.SuspectedFraud)), cancelled),
                     (new OrderGridRequest(OrderTab.Cancelled, PageSize: 100, Cancellation: new CancellationFilter(CancelledBy: Scenario.Alice.Name)), cancelled),
                 })
        {
            var page = await grid.LoadAsync(request);
            page.TotalCount.Should().BeInRange(1, of - 1, request.ToString());
            page.Rows.Should().HaveCount(page.TotalCount, request.ToString());
        }
    }

    [Fact]
    public async Task The_compiled_and_general_paths_find_at_least_one_row_for_each_kind_of_search()
    {
        // Guards the comparison above against comparing empty pages only.
        var grid = Grid(compiledQueries: true);
        foreach (var search in new[] { "cas", "CH-0", _numbers[3].ToString(), _tracking, "Cleo Kovacek" })
        {
            (await grid.LoadAsync(new OrderGridRequest(OrderTab.All, Search: search))).Rows.Should().NotBeEmpty(search);
        }
    }

    [Fact]
    public async Task A_relabelled_order_shows_its_new_active_label_and_the_refund_of_the_old_one()
    {
        var number = await _orders.PlaceAsync(_east, _widget, customer: "Relabel Person");
        await _world.CreateLabels.RunAsync([number], null, Scenario.Alice);
        await _world.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        await _world.CreateLabels.RunAsync([number], null, Scenario.Alice);
        var newTracking = (await _world.OrderAsync(number)).Labels.Single(l => l.State == LabelState.Active).TrackingNumber;

        foreach (var compiledQueries in new[] { true, false })
        {
            var page = await Grid(compiledQueries).LoadAsync(new OrderGridRequest(OrderTab.All, Search: "Relabel"));

            var row = page.Rows.Should().ContainSingle().Subject;
            row.LabelState.Should().Be(LabelState.Active);
            row.TrackingNumber.Should().Be(newTracking);
            row.RefundState.Should().Be(RefundState.Requested);
        }
    }

    [Fact]
    public async Task A_filtered_load_counts_its_total_and_an_unfiltered_one_takes_the_tab_count()
    {
        var commands = new CommandLog();
        var grid = new OrderGrid(_database.With(commands), new OrderTabCounts(_database, TimeProvider.System));

        await grid.LoadAsync(new OrderGridRequest(OrderTab.All, Channel: "Shopify"));
        await grid.LoadAsync(new OrderGridRequest(OrderTab.All));

        // The filtered load counts its total; the unfiltered page takes the tab count. Each page is
        // followed by the lookup of its labels.
        var statements = commands.Statements.Select(s => s.Text).ToList();
        statements.Should().HaveCount(5);
        statements[0].Should().Contain("COUNT");
        statements[1].Should().Contain("\"Channel\" = @");
        IsLabelLookup(statements[2]).Should().BeTrue(statements[2]);
        statements[3].Should().NotContain("COUNT").And.NotContain("\"Channel\" = @");
        IsLabelLookup(statements[3]).Should().BeFalse(statements[3]);
        IsLabelLookup(statements[4]).Should().BeTrue(statements[4]);
    }

    [Theory]
    [InlineData(OrderTab.Cancelled, null, "IX_Orders_Status_OrderDate")]
    [InlineData(OrderTab.All, null, "IX_Orders_OrderDate")]
    [InlineData(OrderTab.All, "casey", null)]
    [InlineData(OrderTab.AwaitingFulfillment, "1042", null)]
    [InlineData(OrderTab.All, "12", null)]
    [InlineData(OrderTab.All, "zz", null)]
    public async Task Every_statement_of_a_compiled_load_looks_up_indexes_instead_of_scanning(OrderTab tab, string? search, string? walks)
    {
        var commands = new CommandLog();
        var grid = new OrderGrid(_database.With(commands), new OrderTabCounts(_database, TimeProvider.System));

        // Page 0 has rows (so its labels are looked up too); page 2 makes the OFFSET part of the plan.
        var firstPage = await grid.LoadAsync(new OrderGridRequest(tab, Page: 0, PageSize: 25, Search: search));
        await grid.LoadAsync(new OrderGridRequest(tab, Page: 2, PageSize: 25, Search: search));

        commands.Statements.Should().NotBeEmpty();
        if (firstPage.Rows.Count > 0)
        {
            commands.Statements.Should().Contain(s => IsLabelLookup(s.Text), "the labels of the first page are looked up");
        }

        foreach (var statement in commands.Statements.Where(s => !s.Text.Contains("GROUP BY")))
        {
            var plan = await _database.PlanAsync(statement);
            plan.Should().NotContain(step => IsFullScan(step, plan), statement.Text);
            // The page's labels: looked up by the page's order numbers.
            if (IsLabelLookup(statement.Text))
            {
                plan.Should().Contain(step => step.Contains("IX_Labels_OrderNumber"), statement.Text);
                statement.Parameters.Should().ContainSingle("the page's numbers are bound as one JSON value, not one parameter each");
            }
            else if (walks is not null)
            {
                plan.Should().Contain(step => step.Contains(walks), statement.Text);
            }
        }
    }

    [Fact]
    public async Task A_second_app_in_the_same_process_loads_the_grid_with_its_own_model()
    {
        // The browser tests host apps in the process that runs these tests; EF binds a compiled
        // query to one model, and a host's context factory gets a model of its own.
        (await Grid(compiledQueries: true).LoadAsync(new OrderGridRequest(OrderTab.All))).Rows.Should().NotBeEmpty();
        await using var file = TestDatabase.OnDisk();
        await using var app = new ServiceCollection().AddLogging().AddOrdoroDomain(file.ConnectionString).BuildServiceProvider();
        await using (var db = await app.GetRequiredService<IDbContextFactory<OrdoroDbContext>>().CreateDbContextAsync())
        await using (var ours = _database.CreateDbContext())
        {
            db.Model.Should().NotBeSameAs(ours.Model, "otherwise this test would not cover two models");
        }

        var page = await app.GetRequiredService<OrderGrid>().LoadAsync(new OrderGridRequest(OrderTab.All));

        page.Rows.Should().BeEmpty();
    }

    private static bool IsLabelLookup(string sql) => sql.Contains("FROM \"Labels\" AS \"l\"\nLEFT JOIN \"RefundRequests\"");

    private OrderGrid Grid(bool compiledQueries) =>
        new(_database, new OrderTabCounts(_database, TimeProvider.System)) { UseCompiledQueries = compiledQueries };

    // "SCAN x" alone reads every row of a table; "SCAN x USING INDEX …" walks an index in order and
    // stops at the LIMIT; a SCAN of a CO-ROUTINE reads the page (or the capped matches) it produced.
    private static bool IsFullScan(string step, List<string> plan) =>
        step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("INDEX") && !step.Contains("CONSTANT")
        && !plan.Contains("CO-ROUTINE " + step["SCAN ".Length..]);
}

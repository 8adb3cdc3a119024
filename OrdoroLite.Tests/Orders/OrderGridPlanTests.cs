using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

/// <summary>
/// The grid stays fast at a million orders only if SQLite walks an index; these tests read
/// SQLite's own plan for the queries the grid sends.
/// </summary>
public sealed class OrderGridPlanTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_status_tab_page_walks_the_status_and_date_index_without_scanning_orders()
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System)).PageSql(new OrderGridRequest(OrderTab.Cancelled, Page: 3, PageSize: 50));

        var plan = await PlanAsync(sql);

        plan.Should().Contain(step => step.Contains("IX_Orders_Status_OrderDate"));
        plan.Should().NotContain(step => IsFullScanOfOrders(step));
        plan.Should().NotContain(step => step.Contains("TEMP B-TREE"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_cancelled_tab_sorted_by_cancellation_time_walks_its_index_without_sorting(bool descending)
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System))
            .PageSql(new OrderGridRequest(OrderTab.Cancelled, Page: 2, PageSize: 50, Sort: OrderSort.CancelledAt, Descending: descending));

        var plan = await PlanAsync(sql);

        plan.Should().Contain(step => step.Contains("IX_Orders_Status_CancelledAt"));
        plan.Should().NotContain(step => step.Contains("TEMP B-TREE"));
    }

    [Fact]
    public async Task The_all_tab_page_walks_the_date_index()
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System)).PageSql(new OrderGridRequest(OrderTab.All));

        var plan = await PlanAsync(sql);

        plan.Should().Contain(step => step.Contains("IX_Orders_OrderDate"));
        plan.Should().NotContain(step => step.Contains("TEMP B-TREE"));
    }

    [Theory]
    [InlineData("casey")]
    [InlineData("1042")]
    public async Task A_search_looks_up_indexes_instead_of_scanning_orders(string search)
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System)).PageSql(new OrderGridRequest(OrderTab.All, Search: search));

        var plan = await PlanAsync(sql);

        plan.Should().NotContain(step => IsFullScanOfOrders(step));
    }

    [Fact]
    public async Task A_text_search_seeks_each_folded_column_on_its_own_index()
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System)).PageSql(new OrderGridRequest(OrderTab.All, Search: "hudson"));

        var plan = string.Join("\n", await PlanAsync(sql));

        foreach (var index in new[] { "IX_Orders_SearchName", "IX_Orders_SearchSurname", "IX_Orders_SearchEmail", "IX_Orders_ChannelOrderIdKey",
                     "IX_Orders_HandTrackingKey", "IX_Labels_TrackingKey" })
        {
            plan.Should().Contain(index);
        }
    }

    [Fact]
    public async Task The_capped_count_of_a_filtered_status_tab_reads_an_index_of_the_status_and_sorts_nothing()
    {
        var sql = new OrderGrid(_database, new OrderTabCounts(_database, TimeProvider.System))
            .CountSql(new OrderGridRequest(OrderTab.Shipped, Channel: "Amazon", OrderDate: new InstantRange(DateTimeOffset.UtcNow.AddDays(-30), null)));

        var plan = await PlanAsync(sql);

        sql.Should().NotContain("ORDER BY", "counting needs no order, and an order makes the database walk every row that fails the filter");
        plan.Should().Contain(step => step.Contains("USING") && step.Contains("INDEX IX_Orders_Status_"));
        plan.Should().NotContain(step => IsFullScanOfOrders(step));
        plan.Should().NotContain(step => step.Contains("TEMP B-TREE"));
    }

    // "SCAN o" alone reads every row; "SCAN o USING INDEX …" walks an index in order, and the
    // LIMIT stops it after one page.
    private static bool IsFullScanOfOrders(string step) =>
        step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("INDEX") && !step.Contains("CONSTANT");

    private async Task<List<string>> PlanAsync(string sql)
    {
        // ToQueryString puts ".param set" lines first; an unbound parameter is NULL, and the plan
        // does not depend on the values.
        var statement = string.Join("\n", sql.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        await using var db = _database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}

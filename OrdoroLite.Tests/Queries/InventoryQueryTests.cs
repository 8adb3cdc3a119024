using OrdoroLite.Domain.Common;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Queries;

public sealed class InventoryQueryTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private int _east;
    private int _west;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _east = await _world.AddWarehouseAsync("East");
        _west = await _world.AddWarehouseAsync("West");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private InventoryQuery Query => new(_database);

    [Fact]
    public async Task A_page_holds_at_most_page_size_rows_sorted_by_sku_and_the_count_covers_every_row()
    {
        var skus = Enumerable.Range(0, 14).Select(i => $"S-{i:00}").ToList();
        foreach (var sku in skus.OrderBy(s => s.GetHashCode(StringComparison.Ordinal)))
        {
            await _world.AddProductAsync(sku, stock: [(_east, 5), (_west, 7)]);
        }

        var first = await Query.PageAsync(new InventoryRequest(PageSize: 25));
        var second = await Query.PageAsync(new InventoryRequest(Page: 1, PageSize: 25));

        var expected = skus.SelectMany(s => new[] { (s, "East"), (s, "West") }).ToList();
        first.TotalCount.Should().Be(28);
        first.Rows.Select(r => (r.Sku, r.WarehouseName)).Should().Equal(expected.Take(25));
        second.Rows.Select(r => (r.Sku, r.WarehouseName)).Should().Equal(expected.Skip(25));
    }

    [Fact]
    public async Task Search_matches_the_start_of_the_sku_or_of_the_product_name()
    {
        await AddNamedProductAsync("MUG-RED", "Coffee mug, red");
        await AddNamedProductAsync("MUG-BLUE", "Coffee mug, blue");
        await AddNamedProductAsync("TEE-S", "Mugshot tee");
        await AddNamedProductAsync("CAP-1", "Baseball cap with mug logo");

        var bySku = await Query.PageAsync(new InventoryRequest(Search: "mug-"));
        var byName = await Query.PageAsync(new InventoryRequest(Search: "coffee mug, b"));
        var both = await Query.PageAsync(new InventoryRequest(Search: "Mug"));

        bySku.Rows.Select(r => r.Sku).Should().Equal("MUG-BLUE", "MUG-RED");
        byName.Rows.Select(r => r.Sku).Should().Equal("MUG-BLUE");
        both.Rows.Select(r => r.Sku).Should().Equal("MUG-BLUE", "MUG-RED", "TEE-S");
        both.TotalCount.Should().Be(3);
    }

    [Fact]
    public async Task Available_is_negative_when_open_orders_commit_more_than_is_on_hand()
    {
        var widget = await _world.AddProductAsync("W-1", stock: (_east, 2));
        await _world.AddProductAsync("G-2", stock: (_east, 4));
        await _world.PlaceOrderAsync(_east, (widget, 5));

        var page = await Query.PageAsync(new InventoryRequest(SortBy: InventorySort.Available));

        page.Rows.Select(r => (r.Sku, r.PhysicalOnHand, r.Committed, r.Available))
            .Should().Equal(("W-1", 2, 5, -3), ("G-2", 4, 0, 4));
    }

    [Fact]
    public async Task Warehouse_filter_keeps_only_that_warehouses_rows()
    {
        await _world.AddProductAsync("A-1", stock: [(_east, 5), (_west, 7)]);

        var page = await Query.PageAsync(new InventoryRequest(WarehouseId: _west));

        page.Rows.Should().ContainSingle().Which.Should().Match<InventoryRow>(r => r.WarehouseName == "West" && r.PhysicalOnHand == 7);
        page.TotalCount.Should().Be(1);
    }

    [Theory]
    [InlineData(0, 5_000, "A page holds 25, 50 or 100 stock records, not 5,000.")]
    [InlineData(0, 0, "A page holds 25, 50 or 100 stock records, not 0.")]
    [InlineData(-1, 25, "Page 0 is out of range; pages run from 1 to 100,001.")]
    [InlineData(int.MaxValue, 100, "Page 2,147,483,648 is out of range; pages run from 1 to 100,001.")]
    public async Task A_page_size_or_page_number_out_of_range_is_refused_with_a_sentence(int page, int size, string message)
    {
        await _world.AddProductAsync("SKU-1", stock: (_east, 1));

        var load = () => Query.PageAsync(new InventoryRequest(Page: page, PageSize: size));

        (await load.Should().ThrowAsync<InvalidRequestException>()).Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task Search_reads_products_through_the_sku_and_name_indexes_not_by_scanning_stock()
    {
        await using var db = _database.CreateDbContext();
        var query = InventoryQuery.Rows(db, new InventoryRequest(Search: "mug")).OrderBy(r => r.Sku).Take(25);

        var plan = await QueryPlanAsync(db, query.ToQueryString());

        plan.Should().Contain(step => step.Contains("USING INDEX UX_Products_Sku"));
        plan.Should().Contain(step => step.Contains("USING INDEX IX_Products_Name"));
        plan.Should().NotContain(step => step.StartsWith("SCAN i") || step.StartsWith("SCAN p"));
    }

    private static async Task<List<string>> QueryPlanAsync(DbContext db, string debugSql)
    {
        // ToQueryString prefixes ".param set @name value" lines; the plan does not depend on the values.
        var lines = debugSql.Split('\n');
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param")));
        foreach (var line in lines.Where(l => l.StartsWith(".param set ")))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = line.Split(' ')[2];
            parameter.Value = "x";
            command.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    private async Task AddNamedProductAsync(string sku, string name)
    {
        await using var db = _database.CreateDbContext();
        var product = new Product(sku, name, isDropshipped: false);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        db.Inventory.Add(new InventoryLevel(product.Id, _east, 3));
        await db.SaveChangesAsync();
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Import;

/// <summary>
/// Every field of the order file against docs/import.md: its format, whether it may be empty, its
/// length and its range (<see cref="Limits"/>), each limit from both sides; and a row typed twice.
/// A refused file imports nothing and commits no stock.
/// </summary>
public sealed class OrderFileRulesTests : IAsyncLifetime
{
    private static readonly string LongSku = "SKU-" + new string('6', 60);
    private static readonly string LongWarehouse = new('W', 100);

    private static readonly Actor Importer = new("user-ivy", "Ivy Importer");

    private readonly TestDatabase _database = TestDatabase.InMemory();
    private Scenario _world = null!;
    private int _east;
    private Product _mug = null!;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _east = await _world.AddWarehouseAsync("East");
        await _world.AddWarehouseAsync(LongWarehouse);
        _mug = await _world.AddProductAsync("MUG-1", stock: (_east, 50));
        await _world.AddProductAsync(LongSku);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["channel"] = "Shopify",
        ["channel_order_id"] = "A-1",
        ["order_date"] = "2026-11-20T10:00:00Z",
        ["customer_name"] = "Dana Buyer",
        ["customer_email"] = "dana@example.com",
        ["ship_to_street"] = "1 Elm St",
        ["ship_to_city"] = "Portland",
        ["ship_to_region"] = "OR",
        ["ship_to_postal_code"] = "97201",
        ["ship_to_country"] = "US",
        ["ship_from_warehouse"] = "East",
        ["sku"] = "MUG-1",
        ["quantity"] = "2",
        ["unit_price"] = "12.50",
    };

    /// <summary>A row of the sample order with the named fields changed, quoted as a spreadsheet would.</summary>
    private static string Row(params (string Column, string Value)[] changes)
    {
        var values = new Dictionary<string, string>(Defaults);
        foreach (var (column, value) in changes)
        {
            values[column] = value;
        }

        return string.Join(",", Defaults.Keys.Select(c => Quote(values[c])));
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static string File(params string[] rows) => string.Join("\n", [string.Join(",", Defaults.Keys), .. rows]) + "\n";

    private Task<ImportSummary> ImportAsync(string csv) =>
        new ImportOrders(_database, _world.Clock).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "orders.csv", Importer);

    private async Task ShouldHaveImportedNothingAsync(ImportSummary summary)
    {
        summary.Succeeded.Should().BeFalse();
        summary.Imported.Should().Be(0);
        string.Join("\n", summary.Lines()).Should().Contain("nothing was imported");
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(0);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(0);
    }

    private static string Problems(ImportSummary summary) => string.Join("\n", summary.Problems);

    // Item 1: numbers that enter through the file have a range; the example of issue 20 first.

    [Fact]
    public async Task A_quantity_of_2147483647_is_refused_with_its_line_and_range_and_commits_nothing()
    {
        var summary = await ImportAsync(File(Row(("channel_order_id", "A-0")), Row(("quantity", "2147483647"))));

        Problems(summary).Should().Be("Line 3: quantity 2147483647 is out of range; it must be between 1 and 10,000.");
        await ShouldHaveImportedNothingAsync(summary);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10000")]
    public async Task A_quantity_at_either_end_of_its_range_is_imported_and_committed(string quantity)
    {
        var summary = await ImportAsync(File(Row(("quantity", quantity))));

        summary.Problems.Should().BeEmpty();
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(int.Parse(quantity));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-1")]
    [InlineData("99999999999999999999999")]
    public async Task A_quantity_just_outside_its_range_is_refused_naming_line_field_and_range(string quantity)
    {
        var summary = await ImportAsync(File(Row(("quantity", quantity))));

        Problems(summary).Should().Be($"Line 2: quantity {quantity} is out of range; it must be between 1 and 10,000.");
        await ShouldHaveImportedNothingAsync(summary);
    }

    [Theory]
    [InlineData("0.00", 0)]
    [InlineData("0", 0)]
    [InlineData("100000.00", 10_000_000)]
    [InlineData("99999.99", 9_999_999)]
    public async Task A_unit_price_at_either_end_of_its_range_is_imported(string price, long cents)
    {
        var summary = await ImportAsync(File(Row(("quantity", "1"), ("unit_price", price))));

        summary.Problems.Should().BeEmpty();
        await using var db = _database.CreateDbContext();
        (await db.Orders.SingleAsync()).TotalCents.Should().Be(cents);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("100000.01")]
    [InlineData("79228162514264337593543950335")]
    public async Task A_unit_price_just_outside_its_range_is_refused_naming_line_field_and_range(string price)
    {
        var summary = await ImportAsync(File(Row(("unit_price", price))));

        Problems(summary).Should().Be($"Line 2: unit_price {price} is out of range; it must be between 0.00 and 100,000.00.");
        await ShouldHaveImportedNothingAsync(summary);
    }

    [Fact]
    public async Task An_order_of_100_lines_is_imported_and_one_of_101_lines_is_refused_at_its_101st_line()
    {
        // Distinct prices keep the rows distinct (a repeated row is refused on its own).
        string Line(int i, string id) => Row(("channel_order_id", id), ("quantity", "1"), ("unit_price", $"0.{i:D2}"));
        var hundred = Enumerable.Range(0, 100).Select(i => Line(i, "A-100")).ToArray();
        var hundredAndOne = Enumerable.Range(0, 100).Select(i => Line(i, "A-101")).Append(Row(("channel_order_id", "A-101"), ("quantity", "2"))).ToArray();

        var refused = await ImportAsync(File(hundredAndOne));
        await ShouldHaveImportedNothingAsync(refused);
        var imported = await ImportAsync(File(hundred));

        Problems(refused).Should().Be("Line 102: order A-101 from Shopify has 101 lines; an order has at most 100 lines.");
        imported.Problems.Should().BeEmpty();
        imported.Imported.Should().Be(1);
    }

    [Fact]
    public async Task An_order_totalling_10_million_is_imported_and_one_cent_more_is_refused_at_its_last_line()
    {
        var atLimit = File(Row(("channel_order_id", "A-1"), ("quantity", "100"), ("unit_price", "100000.00")));
        var overLimit = File(
            Row(("channel_order_id", "A-2"), ("quantity", "100"), ("unit_price", "100000.00")),
            Row(("channel_order_id", "A-2"), ("quantity", "1"), ("unit_price", "0.01")));

        var refused = await ImportAsync(overLimit);
        await ShouldHaveImportedNothingAsync(refused);
        var imported = await ImportAsync(atLimit);

        Problems(refused).Should().Be(
            "Line 3: order A-2 from Shopify: its total (quantity × unit_price over its lines) is 10,000,000.01, out of range; it must be between 0.00 and 10,000,000.00.");
        imported.Problems.Should().BeEmpty();
        await using var db = _database.CreateDbContext();
        (await db.Orders.SingleAsync()).TotalCents.Should().Be(Limits.MaxOrderTotalCents);
    }

    [Fact]
    public async Task A_file_of_10_million_units_is_imported_and_one_unit_more_is_refused_at_the_line_that_passes_the_limit()
    {
        // 10 orders of 100 lines of 10,000 units: the limit exactly.
        var rows = Enumerable.Range(0, 1_000)
            .Select(i => Row(("channel_order_id", $"U-{i / 100}"), ("quantity", "10000"), ("unit_price", $"0.{i % 100:D2}")))
            .ToArray();

        var refused = await ImportAsync(File([.. rows, Row(("channel_order_id", "U-extra"), ("quantity", "1"))]));
        await ShouldHaveImportedNothingAsync(refused);
        var imported = await ImportAsync(File(rows));

        Problems(refused).Should().Be("Line 1002: the quantities of the file add up to more than 10,000,000 units by this line; split the file.");
        imported.Problems.Should().BeEmpty();
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(Limits.MaxUnitsPerFile);
    }

    [Theory]
    [InlineData("2000-01-01")]
    [InlineData("2099-12-31T23:59:59Z")]
    public async Task An_order_date_at_either_end_of_its_range_is_imported(string date)
    {
        var summary = await ImportAsync(File(Row(("order_date", date))));

        summary.Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2000-01-01T00:30:00+01:00")]
    [InlineData("2100-01-01")]
    public async Task An_order_date_just_outside_its_range_is_refused(string date)
    {
        var summary = await ImportAsync(File(Row(("order_date", date))));

        Problems(summary).Should().Be($"Line 2: order_date {date} is out of range; it must be between 2000-01-01 and 2099-12-31 (UTC).");
        await ShouldHaveImportedNothingAsync(summary);
    }

    // Item 3: a row typed twice.

    [Fact]
    public async Task A_row_repeated_in_one_file_is_refused_naming_both_lines_and_nothing_is_imported()
    {
        var summary = await ImportAsync(File(Row(("sku", LongSku)), Row(), Row(("channel_order_id", "A-2")), Row()));

        Problems(summary).Should().Be(
            "Line 5: repeats line 3 exactly (order A-1 from Shopify, SKU MUG-1, quantity 2); a repeated row would double the quantity. " +
            "Delete one of the two rows, or put the total quantity on one row.");
        await ShouldHaveImportedNothingAsync(summary);
    }

    [Fact]
    public async Task A_row_repeated_with_the_same_values_written_differently_is_a_repeat_too()
    {
        var summary = await ImportAsync(File(Row(), Row(("quantity", "02"), ("unit_price", "12.5"), ("order_date", "2026-11-20T11:00:00+01:00"))));

        Problems(summary).Should().StartWith("Line 3: repeats line 2 exactly");
        await ShouldHaveImportedNothingAsync(summary);
    }

    [Fact]
    public async Task Two_rows_of_one_order_for_the_same_sku_that_differ_in_quantity_or_price_are_two_lines()
    {
        var summary = await ImportAsync(File(Row(), Row(("quantity", "3")), Row(("unit_price", "9.99"))));

        summary.Problems.Should().BeEmpty();
        await using var db = _database.CreateDbContext();
        (await db.Orders.Include(o => o.Lines).SingleAsync()).Lines.Should().HaveCount(3);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(7);
    }

    // Item 4: every field as docs/import.md describes it.

    public static TheoryData<string, string, string> FieldsRefused => new()
    {
        { "channel", "", "channel is empty" },
        { "channel", new string('c', 41), "channel is 41 characters long (at most 40)" },
        { "channel", "Shop\tify", "channel contains a line break, tab or other control character" },
        { "channel_order_id", "", "channel_order_id is empty" },
        { "channel_order_id", new string('1', 101), "channel_order_id is 101 characters long (at most 100)" },
        { "order_date", "", "order_date is empty" },
        { "order_date", "11/20/2026", "order_date \"11/20/2026\" is not an ISO 8601 date" },
        { "order_date", "20 November 2026", "order_date \"20 November 2026\" is not an ISO 8601 date" },
        { "order_date", "2026-11-20 10:00:00", "order_date \"2026-11-20 10:00:00\" is not an ISO 8601 date" },
        { "order_date", "2026-02-30", "order_date \"2026-02-30\" is not an ISO 8601 date" },
        { "customer_name", "", "customer_name is empty" },
        { "customer_name", new string('n', 201), "customer_name is 201 characters long (at most 200)" },
        { "customer_name", "Dana\nBuyer", "customer_name contains a line break" },
        { "customer_email", "dana at example.com", "customer_email \"dana at example.com\" is not an email address" },
        { "customer_email", new string('e', 309) + "@example.com", "customer_email is 321 characters long (at most 320)" },
        { "ship_to_street", new string('s', 201), "ship_to_street is 201 characters long (at most 200)" },
        { "ship_to_street", "1 Elm St\nApt 4", "ship_to_street contains a line break" },
        { "ship_to_city", new string('c', 201), "ship_to_city is 201 characters long (at most 200)" },
        { "ship_to_region", new string('r', 201), "ship_to_region is 201 characters long (at most 200)" },
        { "ship_to_postal_code", new string('9', 201), "ship_to_postal_code is 201 characters long (at most 200)" },
        { "ship_to_country", new string('u', 201), "ship_to_country is 201 characters long (at most 200)" },
        { "ship_from_warehouse", "", "ship_from_warehouse is empty" },
        { "ship_from_warehouse", new string('W', 101), "ship_from_warehouse is 101 characters long (at most 100)" },
        { "ship_from_warehouse", "Mars", "unknown warehouse \"Mars\"" },
        { "sku", "", "sku is empty" },
        { "sku", LongSku + "X", "sku is 65 characters long (at most 64)" },
        { "sku", "MUG-2", "unknown SKU \"MUG-2\"" },
        { "quantity", "", "quantity is empty" },
        { "quantity", "2.0", "quantity \"2.0\" is not a whole number" },
        { "quantity", "1e3", "quantity \"1e3\" is not a whole number" },
        { "quantity", "+3", "quantity \"+3\" is not a whole number" },
        { "unit_price", "", "unit_price is empty" },
        { "unit_price", "$12.50", "unit_price \"$12.50\" is not an amount like 19.99" },
        { "unit_price", "12,50", "unit_price \"12,50\" is not an amount like 19.99" },
        { "unit_price", "1,250.00", "unit_price \"1,250.00\" is not an amount like 19.99" },
        { "unit_price", "12.500", "unit_price \"12.500\" has more than 2 decimals" },
    };

    [Theory]
    [MemberData(nameof(FieldsRefused))]
    public async Task Each_field_refuses_a_value_outside_its_documented_format_naming_line_and_field(string column, string value, string expected)
    {
        var summary = await ImportAsync(File(Row(("channel_order_id", "A-0")), Row((column, value))));

        Problems(summary).Should().StartWith("Line 3: " + expected);
        await ShouldHaveImportedNothingAsync(summary);
    }

    public static TheoryData<string, string> FieldsAccepted => new()
    {
        { "channel", new string('c', 40) },
        { "channel_order_id", new string('1', 100) },
        { "order_date", "2026-11-20" },
        { "order_date", "2026-11-20T14:30" },
        { "order_date", "2026-11-20T14:30:00" },
        { "order_date", "2026-11-20T09:05:00-05:00" },
        { "order_date", "2026-11-20T23:59:59.1234567Z" },
        { "customer_name", new string('n', 200) },
        { "customer_name", "O'Brien, Zoë Ångström" },
        { "customer_email", "" },
        { "customer_email", new string('e', 308) + "@example.com" },
        { "ship_to_street", "" },
        { "ship_to_street", new string('s', 200) },
        { "ship_to_city", "" },
        { "ship_to_region", "" },
        { "ship_to_postal_code", "" },
        { "ship_to_country", "" },
        { "ship_from_warehouse", LongWarehouse },
        { "ship_from_warehouse", "east" },
        { "sku", LongSku },
        { "quantity", " 3 " },
        { "unit_price", "12" },
        { "unit_price", "12.5" },
    };

    [Theory]
    [MemberData(nameof(FieldsAccepted))]
    public async Task Each_field_accepts_a_value_at_the_edge_of_its_documented_format(string column, string value)
    {
        var summary = await ImportAsync(File(Row((column, value))));

        summary.Problems.Should().BeEmpty();
        summary.Imported.Should().Be(1);
    }

    [Fact]
    public async Task Blank_lines_and_spaces_around_values_are_ignored()
    {
        var summary = await ImportAsync(File(Row(("customer_name", "  Dana Buyer  ")), "", "  ", Row(("channel_order_id", "A-2"))));

        summary.Problems.Should().BeEmpty();
        summary.Imported.Should().Be(2);
        await using var db = _database.CreateDbContext();
        (await db.Orders.Select(o => o.CustomerName).ToListAsync()).Should().AllBe("Dana Buyer");
    }

    [Fact]
    public async Task A_column_named_twice_in_the_header_is_refused()
    {
        var csv = string.Join(",", Defaults.Keys) + ",SKU\n" + Row() + ",MUG-1\n";

        var summary = await ImportAsync(csv);

        Problems(summary).Should().Be("Line 1: Column(s) named more than once: sku. Each column comes once.");
        await ShouldHaveImportedNothingAsync(summary);
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Import;

public abstract class ImportOrdersTests(TestDatabase database) : IAsyncLifetime
{
    private const string Header =
        "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price";

    private static readonly Actor Importer = new("user-ivy", "Ivy Importer");

    private readonly TestDatabase _database = database;
    private Scenario _world = null!;
    private int _east;
    private Product _mug = null!;
    private Product _plant = null!;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _east = await _world.AddWarehouseAsync("East");
        await _world.AddWarehouseAsync("West");
        _mug = await _world.AddProductAsync("MUG-1", stock: (_east, 50));
        _plant = await _world.AddProductAsync("PLANT-1", dropshipped: true, stock: (_east, 0));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static string Row(string id, string sku = "MUG-1", string qty = "2", string price = "12.50",
        string date = "2026-11-20T10:00:00Z", string warehouse = "East", string customer = "Dana Buyer", string channel = "Shopify") =>
        $"{channel},{id},{date},{customer},dana@example.com,1 Elm St,Portland,OR,97201,US,{warehouse},{sku},{qty},{price}";

    private async Task<ImportSummary> ImportAsync(string csv, string name = "orders.csv") =>
        await new ImportOrders(_database, _world.Clock).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), name, Importer);

    private static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    [Fact]
    public async Task Import_creates_orders_that_commit_stock_and_start_their_timeline_with_who_imported_them()
    {
        var csv = File(Row("A-1"), Row("A-1", sku: "PLANT-1", qty: "1"), Row("A-2", qty: "3"), Row("A-3", sku: "PLANT-1", qty: "4"));

        var summary = await ImportAsync(csv, "monday.csv");

        summary.Succeeded.Should().BeTrue();
        summary.Imported.Should().Be(3);
        await using var db = _database.CreateDbContext();
        var orders = await db.Orders.Include(o => o.Lines).Include(o => o.Events).AsSplitQuery().OrderBy(o => o.ChannelOrderId).ToListAsync();
        orders.Select(o => o.Status).Should().Equal(OrderStatus.AwaitingFulfillment, OrderStatus.AwaitingFulfillment, OrderStatus.DropshipmentRequested);
        orders[0].Lines.Should().HaveCount(2);
        orders[0].TotalCents.Should().Be((2 * 1250) + 1250);
        orders.Should().OnlyContain(o => o.Events.Single().Type == OrderEventType.Imported
            && o.Events.Single().ActorName == "Ivy Importer" && o.Events.Single().Detail!.Contains("monday.csv"));
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(5);
        (await _world.LevelAsync(_plant, _east)).Committed.Should().Be(5);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_creates_nothing_new_and_moves_no_stock()
    {
        var csv = File(Row("A-1"), Row("A-2"));
        await ImportAsync(csv);

        var again = await ImportAsync(csv);

        again.Imported.Should().Be(0);
        again.AlreadyPresent.Should().Be(2);
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(2);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(4);
    }

    [Fact]
    public async Task Reimporting_a_cancelled_order_leaves_it_cancelled_moves_no_stock_and_notes_the_attempt()
    {
        await ImportAsync(File(Row("A-1"), Row("A-2")));
        await using (var db = _database.CreateDbContext())
        {
            var number = await db.Orders.Where(o => o.ChannelOrderId == "A-1").Select(o => o.Number).SingleAsync();
            await _world.Cancel.RunAsync(new CancelOrdersRequest([number], CancelReason.CustomerRequest, null, false), Scenario.Alice);
        }

        var before = await _world.LevelAsync(_mug, _east);

        var summary = await ImportAsync(File(Row("A-1"), Row("A-2"), Row("A-3")), "tuesday.csv");

        summary.Imported.Should().Be(1);
        summary.AlreadyPresent.Should().Be(1);
        summary.CancelledIgnored.Should().Be(1);
        await using var check = _database.CreateDbContext();
        var cancelled = await check.Orders.Include(o => o.Events).SingleAsync(o => o.ChannelOrderId == "A-1");
        cancelled.Status.Should().Be(OrderStatus.Cancelled);
        cancelled.Events.Should().ContainSingle(e => e.Type == OrderEventType.ReimportIgnored)
            .Which.Detail.Should().Contain("tuesday.csv");
        (await check.Orders.CountAsync(o => o.ChannelOrderId == "A-1")).Should().Be(1);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(before.Committed + 2, "only the new order A-3 committed stock");
    }

    [Fact]
    public async Task One_try_lists_a_files_format_problems_and_its_unknown_skus_and_warehouses_together()
    {
        var csv = File(Row("A-1", date: "yesterday"), Row("A-2", sku: "NOPE-9"), Row("A-3", warehouse: "Mars"));

        var summary = await ImportAsync(csv);

        summary.Imported.Should().Be(0);
        summary.Problems.Select(p => p.Line).Should().Equal(2, 3, 4);
        summary.Problems[0].Message.Should().Contain("order_date \"yesterday\" is not an ISO 8601 date");
        summary.Problems[1].Message.Should().Contain("unknown SKU \"NOPE-9\"");
        summary.Problems[2].Message.Should().Contain("unknown warehouse \"Mars\"");
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_channel_order_typed_in_another_case_is_the_order_already_imported()
    {
        await ImportAsync(File(Row("A-1")));

        var again = await ImportAsync(File(Row("a-1", channel: "shopify", sku: "mug-1", warehouse: "EAST")));

        again.Imported.Should().Be(0);
        again.AlreadyPresent.Should().Be(1);
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(1);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(2);
    }

    [Fact]
    public async Task A_cancelled_order_imported_again_with_its_channel_in_lower_case_stays_one_cancelled_order_and_commits_nothing()
    {
        // The example: `shopify` instead of `Shopify` made a second, open order and committed its stock again.
        await ImportAsync(File(Row("A-1")));
        int number;
        await using (var db = _database.CreateDbContext())
        {
            number = await db.Orders.Select(o => o.Number).SingleAsync();
        }

        await _world.CancelAsync([number], deleteLabels: false);

        var again = await ImportAsync(File(Row("A-1", channel: "shopify")));

        again.Imported.Should().Be(0);
        again.CancelledIgnored.Should().Be(1);
        await using var check = _database.CreateDbContext();
        (await check.Orders.Select(o => o.Status).ToListAsync()).Should().Equal(OrderStatus.Cancelled);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(0);
    }

    [Fact]
    public async Task Keys_typed_in_another_unicode_form_or_in_full_width_letters_are_the_same_keys()
    {
        // "É" as one character and as E + a combining accent; "ＭＵＧ－１" in full-width forms (docs/import.md, "Keys": NFKC).
        await ImportAsync(File(Row("CAF\u00C9-1")));

        var again = await ImportAsync(File(Row("cafe\u0301-1", sku: "\uFF4D\uFF55\uFF47-\uFF11", warehouse: "\uFF25\uFF41\uFF53\uFF54")));
        var other = await ImportAsync(File(Row("B-2", sku: "\uFF2D\uFF35\uFF27-\uFF11")));

        again.Imported.Should().Be(0);
        again.AlreadyPresent.Should().Be(1);
        other.Imported.Should().Be(1);
        await using var db = _database.CreateDbContext();
        var second = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ChannelOrderId == "B-2");
        second.Lines.Should().ContainSingle().Which.ProductId.Should().Be(_mug.Id);
        (await db.Orders.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_new_order_finds_its_sku_and_warehouse_in_any_case_and_keeps_the_channel_spelling_already_stored()
    {
        await ImportAsync(File(Row("A-1")));

        var summary = await ImportAsync(File(Row("A-2", channel: "SHOPIFY", sku: "mug-1", warehouse: "east")));

        summary.Imported.Should().Be(1);
        await using var db = _database.CreateDbContext();
        var second = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ChannelOrderId == "A-2");
        second.Channel.Should().Be("Shopify", "the report counts one channel, not two spellings of it");
        second.WarehouseId.Should().Be(_east);
        second.Lines.Should().ContainSingle().Which.ProductId.Should().Be(_mug.Id);
    }

    [Fact]
    public async Task The_database_refuses_a_second_order_with_the_same_channel_order_in_another_case()
    {
        await ImportAsync(File(Row("A-1")));

        var write = () => OrdoroStore.WriteAsync(_database, async (db, ct) =>
        {
            var book = new InventoryBook(await db.Inventory.AsNoTracking().ToListAsync(ct));
            var twin = Order.Import(
                new NewOrder("SHOPIFY", "a-1", _world.Clock.GetUtcNow(), "Dana Buyer", "dana@example.com",
                    new Address("1 Elm St", "Portland", "OR", "97201", "US"), _east, [new NewOrderLine(_mug, 1, 1_250)]),
                Importer, _world.Clock.GetUtcNow(), book, "by hand");
            await OrdoroStore.SaveAsync(db, [twin], book, ct);
            return twin.Number;
        }, default);

        await write.Should().ThrowAsync<Exception>();
        await using var check = _database.CreateDbContext();
        (await check.Orders.CountAsync()).Should().Be(1);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(2, "nothing of the refused write was kept");
    }

    [Fact]
    public async Task The_database_refuses_a_sku_or_warehouse_that_differs_only_in_case()
    {
        var sku = () => _world.AddProductAsync("mug-1");
        var warehouse = () => _world.AddWarehouseAsync(" east");

        await sku.Should().ThrowAsync<DbUpdateException>();
        await warehouse.Should().ThrowAsync<DbUpdateException>();
        await using var db = _database.CreateDbContext();
        (await db.Products.CountAsync()).Should().Be(2);
        (await db.Warehouses.CountAsync()).Should().Be(2);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "missing column", Header.Replace(",unit_price", "") + "\n", "Missing column(s): unit_price" },
        { "unknown column", Header + ",gift_note\n" + Row("A-1") + ",hi\n", "Unknown column(s): gift_note" },
        { "bad date", File(Row("A-1"), Row("A-2", date: "yesterday")), "Line 3: order_date \"yesterday\" is not an ISO 8601 date" },
        { "bad number", File(Row("A-1", price: "12.5x")), "Line 2: unit_price \"12.5x\" is not an amount like 19.99" },
        { "zero quantity", File(Row("A-1", qty: "0")), "Line 2: quantity 0 is out of range; it must be between 1 and 10,000." },
        { "negative quantity", File(Row("A-1", qty: "-2")), "Line 2: quantity -2 is out of range" },
        { "unknown SKU", File(Row("A-1"), Row("A-2", sku: "NOPE-9")), "Line 3: unknown SKU \"NOPE-9\"" },
        { "unknown warehouse", File(Row("A-1", warehouse: "Mars")), "Line 2: unknown warehouse \"Mars\"" },
        { "conflicting rows", File(Row("A-1"), Row("A-1", customer: "Someone Else")), "Line 3: order A-1 from Shopify has a different" },
        { "empty file", "", "The file is empty." },
        { "header only", Header + "\n", "no order lines" },
        { "wrong field count", File(Row("A-1"), "Shopify,A-2,2026-11-20"), "Line 3: expected 14 fields, found 3" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_with_any_bad_row_imports_nothing_and_says_which_line(string _, string csv, string expected)
    {
        var summary = await ImportAsync(csv);

        summary.Succeeded.Should().BeFalse();
        summary.Imported.Should().Be(0);
        string.Join("\n", summary.Lines()).Should().Contain(expected).And.Contain("nothing was imported");
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(0);
        (await _world.LevelAsync(_mug, _east)).Committed.Should().Be(0);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_with_a_clear_message()
    {
        var latin1 = Encoding.Latin1.GetBytes(File(Row("A-1", customer: "José Müller")));

        var summary = await new ImportOrders(_database, _world.Clock).RunAsync(new MemoryStream(latin1), "latin1.csv", Importer);

        summary.Problems.Should().ContainSingle().Which.Message.Should().Contain("not UTF-8");
        await using var db = _database.CreateDbContext();
        (await db.Orders.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_file_over_50_MB_is_refused_without_reading_it_all()
    {
        var big = new MemoryStream(new byte[(50 * 1024 * 1024) + 1]);

        var summary = await new ImportOrders(_database, _world.Clock).RunAsync(big, "huge.csv", Importer);

        summary.Problems.Should().ContainSingle().Which.Message.Should().Contain("larger than 50 MB");
    }

    public sealed class OnSqlite() : ImportOrdersTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : ImportOrdersTests(TestDatabase.Postgres());
}

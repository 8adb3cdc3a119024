using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Seeding;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.Reports;

/// <summary>
/// The report's daily summaries stay equal to the orders whatever writes them (every use case and
/// the seeder through the one writer, the migration's fill), and the report built on them gives
/// the same figures as aggregating the orders directly — for whole UTC days and for periods that
/// start or end inside a day.
/// </summary>
public abstract class ReportSummaryTests(ITestOutputHelper output, Func<TestDatabase> create)
{
    private const int Seed = 20_261_127;
    private const int Operations = 300;
    private const string MigrationBeforeSummaries = "20261126040211_Initial";
    private static readonly DateTimeOffset October = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Channels = ["Shopify", "Amazon", "eBay"];

    [Fact]
    public async Task After_random_imports_cancels_restores_labels_and_refund_answers_the_summaries_equal_a_recomputation()
    {
        await using var database = create();
        var world = new Scenario(database);
        var random = new Random(Seed);
        var warehouses = new List<int> { await world.AddWarehouseAsync("East"), await world.AddWarehouseAsync("West") };
        var products = new List<Product>();
        for (var i = 0; i < 6; i++)
        {
            products.Add(await world.AddProductAsync($"SKU-{i}", dropshipped: i == 5, stock: [(warehouses[0], 500), (warehouses[1], 500)]));
        }

        // Labels older than an hour are refused a refund, younger ones are approved after review:
        // the run ends with refunds approved, denied and still pending.
        var profiles = CarrierProfiles.Defaults();
        profiles["USPS"].RefundWindow = TimeSpan.FromHours(1);
        world.Carriers = new CarrierRules(profiles, BusinessCalendar.WeekendsOnly);
        var carrier = new SandboxCarrier(new SandboxCarrierOptions(), world.Clock, world.Carriers);
        var refunds = new RefundProcessor(database, carrier, world.Clock, new RefundOptions());
        var numbers = new List<int>();
        for (var step = 0; step < Operations; step++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 180)));
            var by = random.Next(2) == 0 ? Scenario.Alice : Scenario.Bob;
            switch (numbers.Count < 20 ? 0 : random.Next(100))
            {
                case < 30:
                    var orderDate = October.AddDays(random.Next(21)).AddMinutes(random.Next(24 * 60));
                    var lines = Enumerable.Range(0, random.Next(1, 4))
                        .Select(_ => (products[random.Next(products.Count)], random.Next(1, 4)))
                        .ToArray();
                    numbers.Add(await world.PlaceOrderAsync(warehouses[random.Next(2)], orderDate, Channels[random.Next(3)], lines));
                    break;
                case < 45:
                    await world.CreateLabels.RunAsync(Picks(), null, by);
                    break;
                case < 65:
                    var reason = random.Next(4) == 0 ? (CancelReason?)null : CancelReasons.All[random.Next(CancelReasons.All.Count)];
                    await world.CancelAsync(Picks(), deleteLabels: random.Next(2) == 0, by, reason);
                    break;
                case < 78:
                    await world.Restore.RunAsync(Picks(), null, by);
                    break;
                case < 88:
                    await world.DeleteLabels.RunAsync(Picks(), null, by);
                    break;
                default:
                    await refunds.RunOnceAsync();
                    break;
            }

            if (step % 100 == 99)
            {
                await ReportSummaryReference.ShouldEqualRecomputationAsync(database);
            }
        }

        // The last labels, bought now and deleted at cancel, have refunds not yet sent to the carrier.
        var shipped = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            shipped.Add(await world.PlaceOrderAsync(warehouses[i % 2], October.AddDays(i + 3).AddHours(7), Channels[i], (products[0], 1)));
        }

        (await world.CreateLabels.RunAsync(shipped, null, Scenario.Alice)).DoneCount.Should().Be(3);
        (await world.CancelAsync(shipped, deleteLabels: true, Scenario.Bob)).DoneCount.Should().Be(shipped.Count).And.BePositive();

        await ReportSummaryReference.ShouldEqualRecomputationAsync(database);
        var states = await ReportSummaryReference.RowsAsync(database,
            """SELECT DISTINCT r."State" FROM "RefundRequests" r JOIN "Orders" o ON o."Number" = r."OrderNumber" WHERE o."Status" = 'Cancelled' ORDER BY 1""");
        var restored = await ReportSummaryReference.RowsAsync(database, """SELECT COUNT(*) FROM "OrderEvents" WHERE "Type" = 'Restored'""");
        var kept = await ReportSummaryReference.RowsAsync(database,
            """SELECT COUNT(*) FROM "Labels" l JOIN "Orders" o ON o."Number" = l."OrderNumber" WHERE o."Status" = 'Cancelled' AND l."State" = 'Active'""");
        output.WriteLine($"{numbers.Count} orders; refund states of cancelled orders: {string.Join(", ", states)}; restores {restored[0]}; kept labels {kept[0]}");
        states.Should().Contain(["Approved", "Denied"], "the run must answer refunds both ways for the test to mean something")
            .And.Contain(s => s == "Requested" || s == "Submitted");
        int.Parse(restored[0]).Should().BePositive();
        int.Parse(kept[0]).Should().BePositive();

        // Labels were bought over the run's hours and USPS's window is one hour here: at these instants some
        // kept labels are lost, some recoverable, and the label day straddling the instant is read label by label.
        var end = world.Clock.GetUtcNow();
        await ReportShouldMatchDirectAggregationAsync(database, carriers: world.Carriers,
            nows: [end, end.AddHours(-2), end.AddHours(-3.5), end.AddDays(2)]);

        IReadOnlyCollection<int> Picks() => Enumerable.Range(0, random.Next(1, 6)).Select(_ => numbers[random.Next(numbers.Count)]).ToList();
    }

    [Fact]
    public async Task An_import_adds_its_orders_to_the_summaries_each_order_once_per_SKU_and_later_writes_keep_counting()
    {
        await using var database = create();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var mug = await world.AddProductAsync("MUG-1", stock: (east, 50));
        await world.AddProductAsync("CUP-1", stock: (east, 50));
        var before = await world.PlaceOrderAsync(east, October.AddHours(9), "Shopify", (mug, 1));
        await world.CancelAsync([before], deleteLabels: false, reason: CancelReason.OutOfStock);
        // Two orders on one day (one with MUG-1 on two lines: it counts once for MUG-1), one the next day in another week.
        var csv = """
            channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price
            Shopify,S-1,2026-10-04T10:00:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East,MUG-1,2,12.50
            Shopify,S-1,2026-10-04T10:00:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East,MUG-1,1,12.50
            Shopify,S-1,2026-10-04T10:00:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East,CUP-1,1,3.00
            Amazon,A-1,2026-10-04T23:00:00Z,Pat Buyer,pat@example.com,2 Oak Ave,Austin,TX,78701,US,East,MUG-1,1,12.50
            Amazon,A-2,2026-10-05T01:00:00Z,Pat Buyer,pat@example.com,2 Oak Ave,Austin,TX,78701,US,East,CUP-1,4,3.00
            """;

        var summary = await new Domain.Import.ImportOrders(database, world.Clock)
            .RunAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "october.csv", Scenario.Bob);

        summary.Imported.Should().Be(3);
        await ReportSummaryReference.ShouldEqualRecomputationAsync(database);
        (await ReportSummaryReference.RowsAsync(database,
                """SELECT "Sku" || ' ' || "Day" || ' ' || "PlacedOrders" FROM "ReportSkuDays" WHERE "PlacedOrders" > 0 ORDER BY 1"""))
            .Should().Equal("CUP-1 2026-10-04 1", "CUP-1 2026-10-05 1", "MUG-1 2026-10-01 1", "MUG-1 2026-10-04 2");

        var imported = (await ReportSummaryReference.RowsAsync(database, """SELECT "Number" FROM "Orders" WHERE "ChannelOrderId" = 'S-1'""")).Select(int.Parse).ToList();
        await world.CancelAsync(imported, deleteLabels: false, reason: CancelReason.CustomerRequest);
        await ReportSummaryReference.ShouldEqualRecomputationAsync(database);
    }

    [Fact]
    public async Task Seeding_leaves_the_summaries_equal_to_a_recomputation_and_later_writes_keep_them_equal()
    {
        await using var seeded = await SeededDatabase.CreateAsync(create);

        await ReportSummaryReference.ShouldEqualRecomputationAsync(seeded.Database);

        var world = new Scenario(seeded.Database);
        var open = (await seeded.QueryAsync("""SELECT "Number" FROM "Orders" WHERE "Status" <> 'Cancelled' ORDER BY "Number" LIMIT 20"""))
            .Select(r => Convert.ToInt32(r[0])).ToList();
        var cancelled = (await seeded.QueryAsync("""SELECT "Number" FROM "Orders" WHERE "Status" = 'Cancelled' ORDER BY "Number" LIMIT 10"""))
            .Select(r => Convert.ToInt32(r[0])).ToList();
        (await world.CancelAsync(open, deleteLabels: true, Scenario.Bob, CancelReason.Other)).DoneCount.Should().Be(20);
        (await world.Restore.RunAsync(cancelled, null, Scenario.Alice)).DoneCount.Should().Be(10);
        await ReportSummaryReference.ShouldEqualRecomputationAsync(seeded.Database);
        await ReportShouldMatchDirectAggregationAsync(seeded.Database, SeededDatabase.Now.AddDays(-30), SeededDatabase.Now,
            nows: [SeededDatabase.Now, SeededDatabase.Now.AddDays(12), SeededDatabase.Now.AddDays(40)]);
    }

    [Theory]
    [InlineData("""UPDATE "Orders" SET "OrderDate" = '2020-01-01 00:00:00' WHERE "Number" = @n""")]
    [InlineData("""UPDATE "Orders" SET "Channel" = 'Elsewhere' WHERE "Number" = @n""")]
    [InlineData("""UPDATE "Orders" SET "WarehouseId" = "WarehouseId" + 1 WHERE "Number" = @n""")]
    [InlineData("""UPDATE "OrderLines" SET "Quantity" = "Quantity" + 1 WHERE "OrderNumber" = @n""")]
    [InlineData("""UPDATE "OrderLines" SET "Sku" = 'B-2' WHERE "OrderNumber" = @n""")]
    public async Task What_the_summaries_count_by_cannot_be_changed_even_by_raw_sql(string sql)
    {
        await using var database = create();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        await world.AddWarehouseAsync("West");
        var number = await world.PlaceOrderAsync(east, (await world.AddProductAsync("A-1", stock: (east, 10)), 1));
        await using var db = database.CreateDbContext();

        var change = () => db.Database.ExecuteSqlRawAsync(sql.Replace("@n", number.ToString(CultureInfo.InvariantCulture)));

        (await change.Should().ThrowAsync<DbException>()).Which.Message.Should().Contain("never change after insert");
    }

    /// <summary>The report from the summaries equals the one aggregated from the orders, for whole and partial UTC days.</summary>
    /// <param name="nows">The instants the kept labels are split at (each compared); by default the scenario's start.</param>
    internal static async Task ReportShouldMatchDirectAggregationAsync(TestDatabase database, DateTimeOffset? from = null, DateTimeOffset? to = null,
        CarrierRules? carriers = null, IReadOnlyList<DateTimeOffset>? nows = null)
    {
        carriers ??= CarrierRules.Default;
        foreach (var now in nows ?? [new DateTimeOffset(2026, 11, 2, 15, 30, 0, TimeSpan.Zero)])
        {
            await ReportShouldMatchDirectAggregationAsync(database, from, to, carriers, now);
        }
    }

    private static async Task ReportShouldMatchDirectAggregationAsync(TestDatabase database, DateTimeOffset? from, DateTimeOffset? to,
        CarrierRules carriers, DateTimeOffset now)
    {
        var start = from ?? October;
        var end = to ?? October.AddDays(21);
        var periods = new List<CancellationReportRequest>
        {
            new(start, end),
            new(start, end, ReportGrouping.Week),
            new(start.AddHours(5.5), end.AddHours(-17.25), ReportGrouping.Day),
            new(start.AddHours(-7), end.AddHours(7), ReportGrouping.Week),
            new(start.AddDays(-40).AddHours(13), end.AddHours(2), ReportGrouping.Month),
            new(start.AddDays(4).AddHours(13), start.AddDays(4).AddHours(20)),
            new(start.AddDays(5).AddHours(-3), start.AddDays(5).AddHours(9)),
            new(start.AddDays(2), start.AddDays(9).AddMinutes(1), ReportGrouping.Week),
        };
        var summarised = new CancellationReport(database, carriers, new FakeTimeProvider(now));
        var direct = new DirectCancellationReport(database, carriers, now);
        var withOrders = 0;
        foreach (var period in periods)
        {
            var name = $"{period} at {now:u}";
            var expected = await direct.RunAsync(period);
            withOrders += expected.Headline.Current.Placed > 0 ? 1 : 0;

            var actual = await summarised.RunAsync(period);

            // Request is compared by reference: structurally, its Previous chain never ends.
            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering().Excluding(r => r.Request), name);
            actual.Request.Should().BeSameAs(period);
        }

        withOrders.Should().BeGreaterThan(periods.Count / 2, "most compared periods must hold orders for the comparison to mean something");
    }

    public sealed class OnSqlite(ITestOutputHelper output) : ReportSummaryTests(output, TestDatabase.InMemory);

    public sealed class OnPostgres(ITestOutputHelper output) : ReportSummaryTests(output, TestDatabase.Postgres);
}

/// <summary>SQLite's migration <c>ReportSummaries</c> fills the summaries from the orders that existed before it.</summary>
public sealed class ReportSummaryMigrationTests
{
    private const string MigrationBeforeSummaries = "20261126040211_Initial";
    private static readonly DateTimeOffset October = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_migration_fills_the_summaries_from_orders_that_existed_before_it()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var a = await world.AddProductAsync("A-1", stock: (east, 100));
        var b = await world.AddProductAsync("B-2", stock: (east, 100));
        var kept = await world.PlaceOrderAsync(east, October.AddHours(10), "Shopify", (a, 2), (a, 1), (b, 1));
        var refunded = await world.PlaceOrderAsync(east, October.AddDays(1).AddHours(3), "Amazon", (b, 3));
        var restored = await world.PlaceOrderAsync(east, October.AddDays(1).AddHours(4), "Amazon", (a, 1));
        await world.PlaceOrderAsync(east, October.AddDays(2), "Shopify", (a, 1));
        (await world.CreateLabels.RunAsync([kept, refunded], null, Scenario.Alice)).DoneCount.Should().Be(2);
        (await world.CancelAsync([kept], deleteLabels: false, Scenario.Bob, CancelReason.ShippingDelay)).DoneCount.Should().Be(1);
        (await world.CancelAsync([refunded, restored], deleteLabels: true, Scenario.Alice)).DoneCount.Should().Be(2);
        (await world.Restore.RunAsync([restored], null, Scenario.Alice)).DoneCount.Should().Be(1);
        // Back to the schema before the summaries: the orders stay, the summaries and their triggers go.
        await using (var db = database.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBeforeSummaries);
        }

        (await ReportSummaryReference.RowsAsync(database, """SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'Report%' OR name LIKE 'TR_%Report%'"""))
            .Should().Equal(["0"], "the database is back at the schema without summaries");

        await using (var db = database.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        await ReportSummaryReference.ShouldEqualRecomputationAsync(database);
        var report = await new CancellationReport(database, world.Carriers, world.Clock).RunAsync(new CancellationReportRequest(October, October.AddDays(7)));
        // 4 placed; kept (Bob, Shipping delay) and refunded (Alice, no reason) cancelled; restored no longer counts.
        report.Headline.Current.Should().Be(new RateFigures(4, 2));
        // kept: label 450 + 4 items × 85 = 790 kept (bought today: recoverable); refunded: 450 + 3 × 85 = 705 pending.
        report.Headline.LabelCosts.Should().BeEquivalentTo(new { RefundedCents = 0L, PendingCents = 705L, RefusedCents = 0L, LostCents = 0L, RecoverableCents = 790L });
        // An order with two lines of A-1 counts once for A-1; 3 units of it were cancelled.
        report.Skus.Should().Equal(new SkuRow("A-1", new RateFigures(3, 1), 3), new SkuRow("B-2", new RateFigures(2, 2), 4));
        await ReportSummaryTests.ReportShouldMatchDirectAggregationAsync(database);
    }
}

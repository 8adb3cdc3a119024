using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Reports;
using OrdoroLite.Tests.Reports;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>
/// A database made by the version before the one writer (summaries kept by triggers; see
/// Data/Fixtures/README.md) moves to today's schema: the report shows exactly the figures that
/// version showed, the summaries equal a recomputation, the summary triggers are gone and the
/// history guards stay, and today's writer keeps counting on it.
/// </summary>
public sealed class MigrationFromLegacyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 15, 30, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ordorolite-legacy-{Guid.NewGuid():N}.db");

    public async Task InitializeAsync()
    {
        await using var source = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "legacy-demo.db.gz"));
        await using var gzip = new GZipStream(source, CompressionMode.Decompress);
        await using var target = File.Create(_file);
        await gzip.CopyToAsync(target);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_database_of_the_trigger_version_migrates_with_the_same_report_figures_and_the_writer_keeps_counting()
    {
        var contexts = new Contexts($"Data Source={_file};Pooling=False");
        (await TriggersAsync(contexts)).Should().Contain("TR_Orders_ReportCancel", "the fixture is a database of the trigger version");

        await using (var db = contexts.CreateDbContext())
        {
            await OrdoroData.MigrateAsync(db);
        }

        (await TriggersAsync(contexts)).Should().BeEquivalentTo(
            "TR_Orders_NoDelete", "TR_OrderLines_NoDelete", "TR_Labels_NoDelete", "TR_OrderEvents_NoDelete", "TR_OrderEvents_NoUpdate",
            "TR_Orders_KeysNeverChange", "TR_OrderLines_NeverChange", "TR_ChannelCancellations_NoDelete");
        (await ReportJsonAsync(contexts)).Should().Be(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "legacy-demo-report.json")));
        await ReportSummaryReference.ShouldEqualRecomputationAsync(contexts);

        await using (var db = contexts.CreateDbContext())
        {
            var orders = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Cancelled).Take(3).ToListAsync();
            orders.Should().OnlyContain(o => o.Cancellation != null && o.Version == 0);
            (await db.Orders.AsNoTracking().Where(o => o.Status != OrderStatus.Cancelled).Take(3).ToListAsync())
                .Should().OnlyContain(o => o.Cancellation == null);
        }

        var clock = new FakeTimeProvider(Now.AddHours(2));
        var open = await OpenOrdersAsync(contexts);
        (await new CancelOrders(contexts, clock, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default).RunAsync(new CancelOrdersRequest(open, CancelReason.Other, null, DeleteLabels: true), Scenario.Alice))
            .DoneCount.Should().Be(open.Count);
        await ReportSummaryReference.ShouldEqualRecomputationAsync(contexts);
    }

    [Fact]
    public async Task Upgrading_fills_the_keys_and_marks_two_spellings_of_one_channel_order_for_review_without_merging_them()
    {
        var contexts = new Contexts($"Data Source={_file};Pooling=False");
        int original;
        int copy;
        await using (var db = contexts.CreateDbContext())
        {
            // The old version compared channels by exact spelling, so "shopify" beside "Shopify" was a second order.
            original = await db.Database.SqlQueryRaw<int>("SELECT MIN(\"Number\") AS \"Value\" FROM \"Orders\" WHERE \"Channel\" = 'Shopify'").SingleAsync();
            var columns = (await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM pragma_table_info('Orders') WHERE name <> 'Number'").ToListAsync())
                .Select(c => $"\"{c}\"").ToList();
            var values = columns.Select(c => c == "\"Channel\"" ? "lower(\"Channel\")" : c);
            var insert = $"INSERT INTO \"Orders\" ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM \"Orders\" WHERE \"Number\" = {original}";
            await db.Database.ExecuteSqlRawAsync(insert);
            copy = await db.Database.SqlQueryRaw<int>("SELECT MAX(\"Number\") AS \"Value\" FROM \"Orders\"").SingleAsync();
        }

        await using (var db = contexts.CreateDbContext())
        {
            await OrdoroData.MigrateAsync(db);
        }

        await using (var db = contexts.CreateDbContext())
        {
            (await db.Orders.CountAsync(o => o.ChannelKey == null || o.SearchName == null)).Should().Be(0);
            (await db.Labels.CountAsync(l => l.TrackingKey == null)).Should().Be(0);
            (await db.Products.CountAsync(p => p.SkuKey == null)).Should().Be(0);
            var sample = await db.Orders.AsNoTracking().OrderBy(o => o.Number).FirstAsync();
            sample.SearchName.Should().Be(SearchText.Fold(sample.CustomerName));
            var first = await db.Orders.AsNoTracking().SingleAsync(o => o.Number == original);
            var second = await db.Orders.AsNoTracking().Include(o => o.Events).SingleAsync(o => o.Number == copy);
            first.ChannelOrderIdKey.Should().Be(Keys.Of(first.ChannelOrderId));
            second.Channel.Should().Be("shopify", "nothing is merged or renamed");
            second.ChannelOrderIdKey.Should().Be($"{Keys.Of(first.ChannelOrderId)}~{copy}");
            second.Events.Should().ContainSingle(e => e.Type == OrderEventType.PossibleDuplicate)
                .Which.Detail.Should().Contain($"Order {original}");
        }

        await using (var db = contexts.CreateDbContext())
        {
            var again = await db.Orders.AsNoTracking().CountAsync();
            await OrdoroData.MigrateAsync(db);
            (await db.OrderEvents.CountAsync(e => e.Type == OrderEventType.PossibleDuplicate)).Should().Be(1, "a second start finds nothing to fill");
            (await db.Orders.CountAsync()).Should().Be(again);
        }
    }

    private static async Task<List<int>> OpenOrdersAsync(Contexts contexts)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Orders.Where(o => o.Status != OrderStatus.Cancelled).OrderBy(o => o.Number).Select(o => o.Number).Take(25).ToListAsync();
    }

    private static Task<List<string>> TriggersAsync(Contexts contexts) =>
        ReportSummaryReference.RowsAsync(contexts, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");

    /// <summary>The report of the fixture's four periods, serialized as the version that made the fixture serialized it.</summary>
    private static async Task<string> ReportJsonAsync(Contexts contexts)
    {
        var report = new CancellationReport(contexts, OrdoroLite.Domain.Labels.Carriers.CarrierRules.Default, new FakeTimeProvider(Now));
        var periods = new List<CancellationReportRequest>
        {
            new(Now.AddDays(-7), Now),
            new(Now.AddDays(-30), Now, ReportGrouping.Week),
            new(Now.AddDays(-120), Now.AddDays(1), ReportGrouping.Month),
            new(Now.AddDays(-90).AddHours(5.5), Now.AddHours(-3), ReportGrouping.Day),
        };
        var results = new List<CancellationReportResult>();
        foreach (var period in periods)
        {
            results.Add(await report.RunAsync(period));
        }

        // That version knew no sales-channel cancellations: every migrated one is staff's, and its JSON had names and counts only.
        results.SelectMany(r => r.Staff).Should().NotContain(r => r.OnChannel);
        return JsonSerializer.Serialize(
            results.Select(r => new
            {
                r.Request.From, r.Request.To, Grouping = r.Request.Grouping.ToString(),
                Headline = new { r.Headline.Current, r.Headline.Previous, LabelCosts = LegacyLabelCosts(r.Headline.LabelCosts), r.Headline.ChangePoints },
                r.Series, r.Reasons, r.Channels, Staff = r.Staff.Select(s => new { s.StaffName, s.Cancelled }), r.Skus, r.Warehouses,
            }),
            new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// The label costs as that version named them: refused refunds were "denied"; "kept" was every
    /// Active label of a cancelled order, now split into lost and recoverable; its "lost" was denied + kept.
    /// </summary>
    private static object LegacyLabelCosts(LabelCosts costs) => new
    {
        costs.RefundedCents,
        DeniedCents = costs.RefusedCents,
        costs.KeptCents,
        costs.PendingCents,
        LostCents = costs.RefusedCents + costs.KeptCents,
    };

    private sealed class Contexts(string connectionString) : IDbContextFactory<OrdoroDbContext>
    {
        public OrdoroDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<OrdoroDbContext>();
            SqliteProvider.Configure(options, connectionString, SqliteDialect.Immediate);
            return new OrdoroDbContext(options.Options);
        }
    }
}

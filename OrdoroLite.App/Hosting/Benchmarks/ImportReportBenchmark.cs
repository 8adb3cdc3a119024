using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// Import of a generated order CSV through <see cref="ImportOrders"/> (the dialog's and the job's
/// code), and the cancellation report through <see cref="CancellationReport"/>. No raw SQL twin:
/// the issue sets no ratio for these.
/// </summary>
internal sealed class ImportReportBenchmark(IDbContextFactory<OrdoroDbContext> contexts, string connectionString, int warmups, int runs)
{
    private static readonly Actor By = Actor.System("Benchmark");

    public async Task<List<BenchResult>> ImportAsync(int orders, int importRuns)
    {
        var vocabulary = await VocabularyAsync();
        var import = new ImportOrders(contexts, TimeProvider.System);
        var lines = 0;
        int SizeOf(int run) => run < warmups ? Math.Min(1_000, orders) : orders;
        // The files are written before the clock starts: the import is timed, not the benchmark's CSV generator.
        // The warm-up imports a small file: it only has to load the code paths.
        var files = Enumerable.Range(0, warmups + importRuns)
            .Select(i => Csv(vocabulary, i + 1, SizeOf(i), out lines))
            .ToList();
        var bytes = files[^1].Length;
        var times = await BenchTiming.RunsAsync(warmups, importRuns, async i =>
        {
            await using var stream = new MemoryStream(files[i]);
            var summary = await import.RunAsync(stream, $"bench-{i + 1}.csv", By);
            if (!summary.Succeeded || summary.Imported != SizeOf(i))
            {
                throw new InvalidOperationException("The benchmark file did not import: " + string.Join(" / ", summary.Lines().Take(5)));
            }
        });
        return
        [
            BenchTiming.Single("Import", $"{orders:N0} orders in one file", times, note:
                string.Create(CultureInfo.InvariantCulture, $"{lines:N0} lines, {bytes / 1_048_576.0:0.0} MB; parse + validate + write, one transaction")),
        ];
    }

    public async Task<List<BenchResult>> ReportAsync(IReadOnlyList<int> days)
    {
        var report = new CancellationReport(contexts);
        var to = DateTimeOffset.UtcNow;
        var results = new List<BenchResult>();
        var orderCount = await ScalarAsync("""SELECT COUNT(*) FROM "Orders" """);
        foreach (var length in days)
        {
            var request = new CancellationReportRequest(to.AddDays(-length), to, length > 92 ? ReportGrouping.Week : ReportGrouping.Day);
            var placed = 0;
            var times = await BenchTiming.RunsAsync(warmups, runs, async _ =>
            {
                placed = (await report.RunAsync(request)).Headline.Current.Placed;
            });
            results.Add(BenchTiming.Single("Cancellation report", $"last {length} days, by {request.Grouping.ToString().ToLowerInvariant()}", times,
                note: string.Create(CultureInfo.InvariantCulture, $"{placed:N0} orders placed in the period, {orderCount:N0} in the database")));
        }

        return results;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task<Vocabulary> VocabularyAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        async Task<List<string>> ListAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var values = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetString(0));
            }

            return values;
        }

        return new Vocabulary(
            await ListAsync("SELECT DISTINCT \"Channel\" AS \"Value\" FROM \"ReportOrderDays\""),
            await ListAsync("""SELECT "Name" FROM "Warehouses" ORDER BY "Id" """),
            await ListAsync("""SELECT "Sku" FROM "Products" ORDER BY "Id" """));
    }

    /// <summary>A channel CSV (docs/import.md) of new orders, 1–3 lines each, in the database's channels, warehouses and SKUs.</summary>
    private static byte[] Csv(Vocabulary words, int batch, int orders, out int lines)
    {
        var random = new Random(batch);
        var now = DateTimeOffset.UtcNow;
        var text = new StringBuilder(orders * 400);
        text.Append(string.Join(",",
        [
            "channel", "channel_order_id", "order_date", "customer_name", "customer_email", "ship_to_street", "ship_to_city",
            "ship_to_region", "ship_to_postal_code", "ship_to_country", "ship_from_warehouse", "sku", "quantity", "unit_price",
        ])).Append('\n');
        lines = 0;
        for (var i = 0; i < orders; i++)
        {
            var channel = words.Channels[random.Next(words.Channels.Count)];
            var date = now.AddMinutes(-random.Next(0, 120 * 24 * 60)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var warehouse = words.Warehouses[random.Next(words.Warehouses.Count)];
            var order = string.Create(CultureInfo.InvariantCulture,
                $"{channel},BENCH-{batch}-{i:D7},{date},Bench Buyer {i},bench.buyer{i}@example.com,{i} Elm St,Portland,OR,97201,US,{warehouse},");
            var first = random.Next(words.Skus.Count);
            // 1–3 distinct SKUs: neighbours of a random one.
            foreach (var sku in Enumerable.Range(first, random.Next(1, 4)).Select(s => words.Skus[s % words.Skus.Count]))
            {
                text.Append(order).Append(sku).Append(',').Append(random.Next(1, 4)).Append(',')
                    .Append((random.Next(500, 20_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture)).Append('\n');
                lines++;
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private sealed record Vocabulary(List<string> Channels, List<string> Warehouses, List<string> Skus);
}

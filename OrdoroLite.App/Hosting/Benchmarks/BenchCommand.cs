using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// <c>bench [--orders N] [--db PATH] [--keep] [--json FILE] [--runs N] [--import-orders N] [--only grid,cancel,import,import-cancel,report]</c>:
/// seeds (or copies) a database of N orders, then times the Orders grid, bulk cancel, import and
/// the cancellation report through the app's own code, the first two against hand-written SQL in
/// the same run. Prints a table and writes JSON (docs/performance.md). Run it in Release.
/// </summary>
public static class BenchCommand
{
    private const string Usage = """
        Usage: bench [--orders N] [--db PATH] [--keep] [--json FILE] [--runs N] [--warmups N] [--import-orders N] [--only grid,cancel,import,import-cancel,report]
          Seeds a temporary database with N orders (default 1,000,000), measures, deletes it (unless --keep).
          --db PATH   an existing seeded database: the benchmark works on a copy, PATH is not changed.
                      If PATH does not exist it is seeded first and kept, for the next run.
          --json FILE where to write the results (default: ordorolite-bench.json in the temp folder).
          --runs N    timed runs per case (default 5; 3 at most for 10,000-order cancels; one 100,000-order import; grid pages
                      at least 201 after 3 s of warm-up), after --warmups (default 1).
          --import-orders N  orders in each import file (default 100,000); import-cancel cancels a tenth of them, existing open orders.
        """;

    private static readonly string[] AllParts = ["grid", "cancel", "import", "import-cancel", "report"];

    public static async Task<int> RunAsync(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

#if DEBUG
        Console.Error.WriteLine("Warning: a Debug build. Measure with -c Release.");
#endif
        var machine = Machine.Read();
        Console.WriteLine($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGb:0.#} GB; load {machine.LoadAtStart}; {machine.Os}; .NET {machine.Dotnet}");

        var work = Path.Combine(Path.GetTempPath(), $"ordorolite-bench-{Environment.ProcessId}.db");
        SeedResult? seed = null;
        if (options.Db is { } source && File.Exists(source))
        {
            Console.WriteLine($"Copying {source} to {work} …");
            CopyDatabase(source, work);
        }
        else if (options.Db is { } target)
        {
            seed = await SeedAsync(target, options.Orders);
            CopyDatabase(target, work);
        }
        else
        {
            seed = await SeedAsync(work, options.Orders);
        }

        var results = new List<BenchResult>();
        if (seed is not null)
        {
            results.Add(BenchTiming.Single("Seeding", $"{seed.Orders:N0} orders (new file, indexes built)", [seed.Seconds * 1000], maxMs: 60_000, seed.Summary));
        }

        var connectionString = DatabaseSettings.ForSqliteFile(work).ConnectionString;
        var database = new BenchDatabase(DatabaseProviders.Named("Sqlite"), connectionString);
        var loads = new Dictionary<string, string> { ["start"] = machine.LoadAtStart };
        try
        {
            await using var services = new ServiceCollection().AddOrdoroDomain(connectionString).BuildServiceProvider();
            var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
            await using (var db = await contexts.CreateDbContextAsync())
            {
                // A copied older database gets the pending migrations here (e.g. filling the report summaries).
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                var migrating = System.Diagnostics.Stopwatch.StartNew();
                await OrdoroData.MigrateAsync(db);
                if (pending.Count > 0)
                {
                    Console.WriteLine($"Migrated ({string.Join(", ", pending)}) in {migrating.Elapsed.TotalSeconds:0.0} s; load {Machine.Load()}");
                }
            }

            var sample = await SampleAsync(database);
            var fewRuns = Math.Min(options.Runs, 3);
            if (options.Parts.Contains("grid"))
            {
                Console.WriteLine("Orders grid …");
                loads["grid"] = Machine.Load();
                results.AddRange(await new GridBenchmark(contexts, database, options.Warmups, options.Runs)
                    .RunAsync(sample.Orders, [sample.FullName, sample.FirstName]));
            }

            if (options.Parts.Contains("cancel"))
            {
                Console.WriteLine("Bulk cancel …");
                loads["cancel"] = Machine.Load();
                results.AddRange(await new CancelBenchmark(contexts, database, options.Warmups, options.Runs).RunAsync([100, 1_000]));
                results.AddRange(await new CancelBenchmark(contexts, database, options.Warmups, fewRuns).RunAsync([CancelBenchmark.MaxBatch]));
            }

            var importReport = new ImportReportBenchmark(contexts, database, options.Warmups, options.Runs);
            if (options.Parts.Contains("import"))
            {
                Console.WriteLine("Import …");
                loads["import"] = Machine.Load();
                results.AddRange(await importReport.ImportAsync(options.ImportOrders, importRuns: 1));
            }

            if (options.Parts.Contains("import-cancel"))
            {
                Console.WriteLine("Import with channel cancellations …");
                loads["import-cancel"] = Machine.Load();
                results.AddRange(await importReport.ImportWithCancellationsAsync(options.ImportOrders));
            }

            if (options.Parts.Contains("report"))
            {
                Console.WriteLine("Cancellation report …");
                loads["report"] = Machine.Load();
                results.AddRange(await importReport.ReportAsync([7, 30, 90]));
            }
        }
        finally
        {
            if (!options.Keep)
            {
                DeleteDatabase(work);
            }
        }

        loads["end"] = Machine.Load();
        Print(results);
        Console.WriteLine($"Load average (1, 5, 15 min): {string.Join("; ", loads.Select(l => $"{l.Key} {l.Value}"))}");
        if (options.Keep)
        {
            Console.WriteLine($"Database kept: {work}");
        }

        var json = options.Json ?? Path.Combine(Path.GetTempPath(), "ordorolite-bench.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(
            new { At = DateTimeOffset.UtcNow, machine, loads, options.Orders, options.Runs, options.Warmups, results },
            new JsonSerializerOptions
            {
                WriteIndented = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            }));
        Console.WriteLine($"Results: {json}");
        return results.Any(r => r.Met == false) ? 1 : 0;
    }

    private static async Task<SeedResult> SeedAsync(string path, int orders)
    {
        if (File.Exists(path))
        {
            DeleteDatabase(path);
        }

        Console.WriteLine($"Seeding {orders:N0} orders into {path} …");
        var services = new ServiceCollection().AddOrdoroDomain(DatabaseSettings.ForSqliteFile(path).ConnectionString).BuildServiceProvider();
        await using var _ = services;
        var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        var written = "";
        var seconds = await BenchTiming.TimeAsync(async () =>
        {
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await OrdoroData.MigrateAsync(db);
            }

            var summary = await DemoOrders.SeedAsync(contexts, TimeProvider.System, SeedSize.ForOrders(orders));
            written = $"{summary.Products:N0} products, {summary.Lines:N0} lines, {summary.Labels:N0} labels, {summary.Events:N0} events; migrations included";
        }) / 1000;
        return new SeedResult(orders, seconds, written);
    }

    /// <summary>A real customer to search for: the full name (a few matches) and the first name alone (thousands).</summary>
    private static async Task<Sample> SampleAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM "Orders"),
                   (SELECT "CustomerName" FROM "Orders" WHERE "Number" >= (SELECT MAX("Number") / 2 FROM "Orders") ORDER BY "Number" LIMIT 1)
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var name = reader.GetString(1);
        return new Sample(reader.GetInt32(0), name, name.Split(' ')[0]);
    }

    private static void CopyDatabase(string source, string target)
    {
        DeleteDatabase(target);
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(source + suffix))
            {
                File.Copy(source + suffix, target + suffix);
            }
        }
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private static void Print(List<BenchResult> results)
    {
        static string Ms(double? ms) => ms switch
        {
            null => "",
            >= 10_000 => $"{ms / 1000:0.0} s",
            >= 100 => $"{ms:0} ms",
            _ => $"{ms:0.0} ms",
        };

        var rows = results.Select(r => new[]
        {
            r.Group, r.Case, Ms(r.OursMs), Ms(r.RawMs), r.Ratio is { } ratio ? $"{ratio:0.00}×" : "",
            r.Target ?? "", r.Met switch { true => "ok", false => "MISSED", null => "" }, r.Note ?? "",
        }).Prepend(["group", "case", "ours", "raw SQL", "ours÷raw", "target", "", "note"]).ToList();
        var widths = Enumerable.Range(0, 7).Select(c => rows.Max(r => r[c].Length)).ToArray();
        Console.WriteLine();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Take(7).Select((cell, c) => c is >= 2 and <= 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + "  " + row[7]);
        }

        Console.WriteLine();
    }

    private sealed record SeedResult(int Orders, double Seconds, string Summary);

    private sealed record Sample(int Orders, string FullName, string FirstName);

    private sealed record Options(int Orders, string? Db, bool Keep, string? Json, int Runs, int Warmups, IReadOnlyList<string> Parts,
        int ImportOrders = 100_000)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(1_000_000, null, false, null, 5, 1, AllParts);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--orders" => options with { Orders = Number(args[++i], min: 1_000) },
                    "--db" => options with { Db = Path.GetFullPath(args[++i]) },
                    "--keep" => options with { Keep = true },
                    "--json" => options with { Json = Path.GetFullPath(args[++i]) },
                    "--runs" => options with { Runs = Number(args[++i], min: 1) },
                    "--warmups" => options with { Warmups = Number(args[++i], min: 0) },
                    "--only" => options with { Parts = ParseParts(args[++i]) },
                    "--import-orders" => options with { ImportOrders = Number(args[++i], min: 100) },
                    _ => throw new FormatException($"Unknown option {args[i]}."),
                };
            }

            return options;
        }

        private static int Number(string text, int min)
        {
            var value = int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            return value >= min ? value : throw new FormatException($"{text} is too small; at least {min:N0}.");
        }

        private static string[] ParseParts(string text)
        {
            var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.FirstOrDefault(p => !AllParts.Contains(p)) is { } unknown
                ? throw new FormatException($"Unknown part {unknown}; parts: {string.Join(", ", AllParts)}.")
                : parts;
        }
    }

    private sealed record Machine(string Cpu, int Cores, double MemoryGb, string Os, string Dotnet, string LoadAtStart)
    {
        public static Machine Read()
        {
            var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return new Machine(cpu, Environment.ProcessorCount,
                memKb is null ? 0 : double.Parse(memKb, CultureInfo.InvariantCulture) / 1_048_576,
                RuntimeInformation.OSDescription, Environment.Version.ToString(), Load());
        }

        /// <summary>The 1, 5 and 15 minute load averages (Linux); other systems say "unknown".</summary>
        public static string Load() =>
            ReadLines("/proc/loadavg").FirstOrDefault() is { } line ? string.Join(" ", line.Split(' ').Take(3)) : "unknown";

        private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
    }
}

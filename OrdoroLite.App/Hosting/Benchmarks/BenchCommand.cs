using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Hosting.Benchmarks.RawSql;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.Domain.Api;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// <c>bench [--provider sqlite|postgres] [--orders N] [--db PATH|NAME] [--server CONNECTION] [--keep] [--json FILE] [--runs N] [--import-orders N] [--only grid,views,cancel,job,import,import-cancel,report,memory,load]</c>:
/// seeds (or copies) a database of N orders, then times the Orders grid, bulk cancel, import and
/// the cancellation report through the app's own code, against hand-written SQL for the same
/// provider in the same run, and what idle Orders tabs cost the server's memory (<see cref="MemoryBenchmark"/>). Prints a table and writes JSON (docs/performance.md). Run it in Release.
/// </summary>
public static class BenchCommand
{
    private const string Usage = """
        Usage: bench [--provider sqlite|postgres] [--orders N] [--db PATH|NAME] [--server CONNECTION] [--keep] [--json FILE] [--runs N]
                     [--warmups N] [--import-orders N] [--only grid,views,cancel,job,import,import-cancel,report,memory,load]
                     [--clients N] [--seconds N] [--servers 1|2]
          Seeds a temporary database with N orders (default 1,000,000), measures, deletes it (unless --keep).
          --provider  sqlite (default: files) or postgres (databases on the server given by --server, default
                      ORDOROLITE_POSTGRES or Host=127.0.0.1;Username=ordorolite;Password=ordorolite).
          --db        an existing seeded database (a file for sqlite, a database name for postgres): the benchmark
                      works on a copy, it is not changed. If it does not exist it is seeded first and kept.
          --json FILE where to write the results (default: ordorolite-bench.json in the temp folder).
          --runs N    timed runs per case (default 5; 3 at most for 10,000-order cancels; one 100,000-order import; grid pages
                      at least 201 after 3 s of warm-up), after --warmups (default 1).
          --import-orders N  orders in each import file (default 100,000); import-cancel cancels a tenth of them, existing open orders.
          memory      starts the app as a second process on the database, opens 30 signed-in headless Chromium tabs
                      (ORDOROLITE_CHROMIUM, default /usr/bin/chromium) on the Orders tab, and reports the server's RSS
                      after forced collections before, with the tabs live, once each has paused while idle
                      (Circuits:IdlePauseSeconds, about a minute) and after two more rounds of 30 paused tabs;
                      per further idle tab, against 1 MB; then wakes one tab.
          load        starts the app as --servers processes (1, or 2 on postgres) on the database and runs --clients
                      concurrent clients (default 50) for --seconds (default 60) on loopback: Orders pages as a signed-in
                      person, API lists, orders, cancels and restores; then p50/p95/p99 per kind, requests per second,
                      errors, and checks stock, timeline and webhooks. Not part of a default run.
        """;

    private static readonly string[] AllParts = ["grid", "views", "cancel", "job", "import", "import-cancel", "report", "memory", "load"];

    // The load part runs only when asked for: it needs minutes and a second process or two.
    private static readonly string[] DefaultParts = ["grid", "views", "cancel", "job", "import", "import-cancel", "report", "memory"];

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

        var store = options.Store;
        var work = store.WorkName;
        SeedResult? seed = null;
        if (options.Db is { } source && await store.ExistsAsync(source))
        {
            Console.WriteLine($"Copying {source} to {work} …");
            await store.CopyAsync(source, work);
        }
        else if (options.Db is { } target)
        {
            seed = await SeedAsync(store, target, options.Orders);
            await store.CopyAsync(target, work);
        }
        else
        {
            seed = await SeedAsync(store, work, options.Orders);
        }

        var results = new List<BenchResult>();
        MemoryResult? memory = null;
        if (seed is not null)
        {
            results.Add(BenchTiming.Single("Seeding", $"{seed.Orders:N0} orders (new database, indexes built)", [seed.Seconds * 1000], maxMs: 60_000, seed.Summary));
        }

        var connectionString = store.ConnectionString(work);
        var database = new BenchDatabase(DatabaseProviders.Named(store.Provider), connectionString);
        var loads = new Dictionary<string, string> { ["start"] = machine.LoadAtStart };
        try
        {
            await using var services = new ServiceCollection().AddOrdoroDomain(connectionString, store.Provider).BuildServiceProvider();
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

            if (options.Parts.Contains("views"))
            {
                Console.WriteLine("Orders views (every tab × sort × filter × depth) and select all matching …");
                loads["views"] = Machine.Load();
                await new ImportReportBenchmark(contexts, database, options.Warmups, options.Runs)
                    .AddChannelAsync(GridBenchmark.RareChannel, GridBenchmark.RareChannelOrders);
                var views = new GridBenchmark(contexts, database, options.Warmups, options.Runs);
                results.AddRange(await views.MatrixAsync());
                results.AddRange(await views.SelectAllAsync(OrdoroLite.App.Features.Orders.Jobs.OrderJobs.MaxOrders));
            }

            if (options.Parts.Contains("cancel"))
            {
                Console.WriteLine("Bulk cancel …");
                loads["cancel"] = Machine.Load();
                results.AddRange(await new CancelBenchmark(contexts, database, options.Warmups, options.Runs).RunAsync([100, 1_000]));
                results.AddRange(await new CancelBenchmark(contexts, database, options.Warmups, fewRuns).RunAsync([CancelBenchmark.MaxBatch]));
            }

            if (options.Parts.Contains("job"))
            {
                Console.WriteLine("Background job …");
                loads["job"] = Machine.Load();
                results.AddRange(await new CancelBenchmark(contexts, database, options.Warmups, options.Runs)
                    .JobAsync(Math.Min(OrdoroLite.App.Features.Orders.Jobs.OrderJobs.MaxOrders, sample.Orders / 5)));
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

            if (options.Parts.Contains("memory"))
            {
                Console.WriteLine($"Memory of {MemoryBenchmark.Tabs} idle Orders tabs …");
                loads["memory"] = Machine.Load();
                var chromium = Environment.GetEnvironmentVariable("ORDOROLITE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
                memory = await new MemoryBenchmark(store.Provider, connectionString, store.ServerSettings(work), chromium).RunAsync();
            }

            if (options.Parts.Contains("load"))
            {
                Console.WriteLine("Load …");
                loads["load"] = Machine.Load();
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Webhooks:AllowPrivateNetworks"] = "true",
                    ["Webhooks:WorkerEnabled"] = "false",
                }).Build();
                await using var loadServices = new ServiceCollection().AddLogging().AddOrdoroDomain(connectionString, store.Provider)
                    .AddStaffSignIn().AddApiDomain().AddWebhooks(configuration).BuildServiceProvider();
                results.AddRange(await new LoadBenchmark(loadServices, store.ServerSettings(work))
                    .RunAsync(options.Clients, TimeSpan.FromSeconds(options.Seconds), options.Servers));
                loads["load end"] = Machine.Load();
            }
        }
        finally
        {
            if (!options.Keep)
            {
                try
                {
                    await store.DeleteAsync(work);
                }
                catch (System.Data.Common.DbException e)
                {
                    // The figures matter more than the copy: after heavy writes PostgreSQL's autovacuum, a
                    // superuser's process, refuses DROP DATABASE … WITH (FORCE), and the results were lost with it.
                    Console.Error.WriteLine($"Could not delete the work copy {work} ({e.Message}); delete it by hand.");
                }
            }
        }

        loads["end"] = Machine.Load();
        Print(results);
        if (memory is not null)
        {
            Console.WriteLine($"Memory: Orders tabs ({memory.RowsPerTab} rows each), server RSS after forced collections: {memory.RssBeforeMb:0.0} MB → " +
                $"{memory.RssLiveMb:0.0} MB with {memory.Tabs} live ({memory.RssPerLiveTabMb:0.00} MB per tab) → {memory.RssIdleMb[0]:0.0} MB once they paused " +
                $"({memory.RssPerFirstIdleTabMb:0.00} MB per tab) → {string.Join(" → ", memory.RssIdleMb.Skip(1).Select(m => $"{m:0.0}"))} MB " +
                $"with {memory.Tabs} more paused each time: " +
                $"{memory.RssPerTabMb:0.00} MB per idle tab (target ≤ {memory.TargetMbPerTab:0.#} MB: {(memory.Met ? "ok" : "MISSED")}); " +
                $"a woken tab showed {memory.ResumedRows} rows again. Measured: {memory.Note}");
        }

        Console.WriteLine($"Load average (1, 5, 15 min): {string.Join("; ", loads.Select(l => $"{l.Key} {l.Value}"))}");
        if (options.Keep)
        {
            Console.WriteLine($"Database kept: {work}");
        }

        var json = options.Json ?? Path.Combine(Path.GetTempPath(), "ordorolite-bench.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(
            new { At = DateTimeOffset.UtcNow, machine, loads, options.Orders, options.Runs, options.Warmups, results, memory },
            new JsonSerializerOptions
            {
                WriteIndented = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            }));
        Console.WriteLine($"Results: {json}");
        return results.Any(r => r.Met == false) || memory is { Met: false } ? 1 : 0;
    }

    private static async Task<SeedResult> SeedAsync(IBenchStore store, string name, int orders)
    {
        await store.CreateEmptyAsync(name);
        Console.WriteLine($"Seeding {orders:N0} orders into {name} ({store.Provider}) …");
        var services = new ServiceCollection().AddOrdoroDomain(store.ConnectionString(name), store.Provider).BuildServiceProvider();
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
        await store.AnalyzeAsync(name);
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
        return new Sample(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), name, name.Split(' ')[0]);
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
            r.Group, r.Case, r.Unit is null ? Ms(r.OursMs) : $"{r.OursMs:#,0.#} {r.Unit}", Ms(r.RawMs), r.Ratio is { } ratio ? $"{ratio:0.00}×" : "",
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
        string Provider, string? Server, int Clients = 50, int Seconds = 60, int Servers = 1, int ImportOrders = 100_000)
    {
        public IBenchStore Store => BenchStores.For(Provider, Server);

        public static Options Parse(string[] args)
        {
            var options = new Options(1_000_000, null, false, null, 5, 1, DefaultParts, "sqlite", null);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--orders" => options with { Orders = Number(args[++i], min: 1_000) },
                    "--db" => options with { Db = args[++i] },
                    "--provider" => options with { Provider = args[++i] },
                    "--server" => options with { Server = args[++i] },
                    "--keep" => options with { Keep = true },
                    "--json" => options with { Json = Path.GetFullPath(args[++i]) },
                    "--runs" => options with { Runs = Number(args[++i], min: 1) },
                    "--warmups" => options with { Warmups = Number(args[++i], min: 0) },
                    "--only" => options with { Parts = ParseParts(args[++i]) },
                    "--clients" => options with { Clients = Number(args[++i], min: 1) },
                    "--seconds" => options with { Seconds = Number(args[++i], min: 5) },
                    "--servers" => options with { Servers = Number(args[++i], min: 1) },
                    "--import-orders" => options with { ImportOrders = Number(args[++i], min: 100) },
                    _ => throw new FormatException($"Unknown option {args[i]}."),
                };
            }

            _ = options.Store; // an unknown provider is a usage error
            if (options.Servers > 1 && options.Provider != "postgres")
            {
                throw new FormatException("--servers 2 needs --provider postgres: several servers share one PostgreSQL database (docs/deployment.md).");
            }

            return options.Provider == "sqlite" && options.Db is { } path ? options with { Db = Path.GetFullPath(path) } : options;
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

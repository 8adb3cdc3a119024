using OrdoroLite.App.Features.Account;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// Commands that run instead of the web app when the first argument names one, e.g.
/// <c>dotnet run --project OrdoroLite.App -c Release -- seed --orders 1000000 --db /tmp/big.db</c>
/// or <c>dotnet run --project OrdoroLite.App -- import orders.csv</c>, or
/// <c>dotnet run --project OrdoroLite.App -- create-manager --email … --name …</c>, or
/// <c>dotnet run --project OrdoroLite.App -c Release -- bench</c> (docs/performance.md).
/// </summary>
public static class AppCommands
{
    private const string SeedUsage = """
        Usage: seed --db PATH [--orders N] [--products N] [--seed N] [--replace]
          Creates a new database at PATH, applies the migrations and fills it with demo data:
          3 warehouses, N orders (default 2000; 1 to 10,000,000) over the last 120 days, N products
          (default: orders / 200, between 150 and 5000; 10 to 100,000). --seed N (0 to 2,147,483,647)
          picks another random world. --replace deletes an existing file first.
        """;

    /// <summary>Runs the command named by <paramref name="args"/>[0], if any, and sets the exit code; false means "start the web app".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        var exitCode = await RunAsync(args, CommandConsole.System);
        if (exitCode is { } code)
        {
            Environment.ExitCode = code;
        }

        return exitCode is not null;
    }

    /// <summary>
    /// Runs the command named by <paramref name="args"/>[0] against <paramref name="console"/> and returns its
    /// exit code (0 done, 1 refused, 2 wrong usage), or null when no command is named.
    /// </summary>
    public static async Task<int?> RunAsync(string[] args, CommandConsole console)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "seed" => await SeedAsync(args[1..], console),
                "import" => await ImportCommand.RunAsync(args[1..], console),
                "bench" => await BenchAsync(args[1..], console),
                "create-manager" => await CreateManagerCommand.RunAsync(args[1..], console),
                _ => null,
            };
        }
        catch (StartupException e)
        {
            // The database is not as configured: one sentence, no stack trace.
            console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>The options of <c>seed</c>, each number within its range of <see cref="Limits"/>.</summary>
    internal sealed record SeedOptions(string Path, int? Orders, int? Products, int Seed, bool Replace)
    {
        /// <exception cref="UsageException">An unknown option, a missing value or a number out of range.</exception>
        public static SeedOptions Parse(string[] args)
        {
            string? path = null;
            int? orders = null, products = null;
            var seed = DemoDataGenerator.DefaultSeed;
            var replace = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--db": path = System.IO.Path.GetFullPath(CommandLine.Value(args, ref i)); break;
                    case "--orders": orders = CommandLine.Number("--orders", CommandLine.Value(args, ref i), Limits.SeedOrders); break;
                    case "--products": products = CommandLine.Number("--products", CommandLine.Value(args, ref i), Limits.SeedProducts); break;
                    case "--seed": seed = CommandLine.Number("--seed", CommandLine.Value(args, ref i), Limits.RandomSeed); break;
                    case "--replace": replace = true; break;
                    default: throw new UsageException($"Unknown option {args[i]}.");
                }
            }

            return new SeedOptions(path ?? throw new UsageException("--db PATH is required."), orders, products, seed, replace);
        }
    }

    /// <summary>
    /// The numbers of <c>bench</c> checked against their ranges before it starts (its own parser,
    /// in Benchmarks/, only knows their minimums); everything else is left to it.
    /// </summary>
    /// <exception cref="UsageException">A number option out of range or without a value.</exception>
    internal static void CheckBenchNumbers(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders": CommandLine.Number("--orders", CommandLine.Value(args, ref i), Limits.BenchOrders); break;
                case "--runs": CommandLine.Number("--runs", CommandLine.Value(args, ref i), Limits.BenchRuns); break;
                case "--warmups": CommandLine.Number("--warmups", CommandLine.Value(args, ref i), Limits.BenchWarmups); break;
                case "--clients": CommandLine.Number("--clients", CommandLine.Value(args, ref i), Limits.BenchClients); break;
                case "--seconds": CommandLine.Number("--seconds", CommandLine.Value(args, ref i), Limits.BenchSeconds); break;
                case "--servers": CommandLine.Number("--servers", CommandLine.Value(args, ref i), Limits.BenchServers); break;
                case "--import-orders": CommandLine.Number("--import-orders", CommandLine.Value(args, ref i), Limits.BenchImportOrders); break;
                case "--db" or "--json" or "--only": i++; break;
            }
        }
    }

    private static async Task<int> BenchAsync(string[] args, CommandConsole console)
    {
        try
        {
            CheckBenchNumbers(args);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine(e.Message);
            console.Error.WriteLine("The bench options and their ranges are in docs/performance.md. Nothing was run.");
            return 2;
        }

        return await Benchmarks.BenchCommand.RunAsync(args);
    }

    private static async Task<int> SeedAsync(string[] args, CommandConsole console)
    {
        SeedOptions options;
        try
        {
            options = SeedOptions.Parse(args);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine(e.Message);
            console.Error.WriteLine(SeedUsage);
            return 2;
        }

        var (path, orders, products, seed, replace) = options;
        if (File.Exists(path))
        {
            if (!replace)
            {
                console.Error.WriteLine($"{path} already exists. Seed only a new database, or pass --replace to delete it first.");
                return 1;
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }

        var size = SeedSize.ForOrders(orders ?? SeedSize.Demo.Orders);
        if (products is { } productCount)
        {
            size = size with { Products = productCount };
        }

        // Sign-in services too: the demo accounts are created with Identity, as on a first start.
        var services = new ServiceCollection()
            .AddLogging()
            .AddOrdoroDomain(DatabaseSettings.ForSqliteFile(path).ConnectionString)
            .AddStaffSignIn()
            .BuildServiceProvider();
        await using var _ = services;
        var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();

        var clock = Stopwatch.StartNew();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await OrdoroData.MigrateAsync(db);
        }

        var migrated = clock.Elapsed;
        await DemoAccounts.CreateAsync(services, CancellationToken.None);
        var summary = await DemoOrders.SeedAsync(contexts, TimeProvider.System, size, seed);
        var total = clock.Elapsed;

        console.Out.WriteLine($"Seeded {path}");
        console.Out.WriteLine($"  {summary.Warehouses} warehouses, {summary.Products:N0} products, {summary.Orders:N0} orders " +
            $"({string.Join(", ", summary.OrdersByStatus.OrderBy(x => x.Key).Select(x => $"{x.Value:N0} {x.Key}"))}), " +
            $"{summary.Lines:N0} lines, {summary.Labels:N0} labels, {summary.Refunds:N0} refund requests, {summary.Events:N0} events");
        console.Out.WriteLine($"  migrations {migrated.TotalSeconds:0.0} s, seed {(total - migrated).TotalSeconds:0.0} s, total {total.TotalSeconds:0.0} s");
        return 0;
    }
}

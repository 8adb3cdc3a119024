using OrdoroLite.App.Features.Account;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Seeding;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// Commands that run instead of the web app when the first argument names one, e.g.
/// <c>dotnet run --project OrdoroLite.App -c Release -- seed --orders 1000000 --db /tmp/big.db</c>
/// or <c>dotnet run --project OrdoroLite.App -- import orders.csv</c>, or
/// <c>dotnet run --project OrdoroLite.App -c Release -- bench</c> (docs/performance.md).
/// </summary>
public static class AppCommands
{
    private const string SeedUsage = """
        Usage: seed --db PATH [--orders N] [--products N] [--seed N] [--replace]
          Creates a new database at PATH, applies the migrations and fills it with demo data:
          3 warehouses, N orders (default 2000) over the last 120 days, N products
          (default: orders / 200, between 150 and 5000). --replace deletes an existing file first.
        """;

    /// <summary>Runs the command named by <paramref name="args"/>[0], if any; false means "start the web app".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "seed":
                Environment.ExitCode = await SeedAsync(args[1..]);
                return true;
            case "import":
                Environment.ExitCode = await ImportCommand.RunAsync(args[1..]);
                return true;
            case "bench":
                Environment.ExitCode = await Benchmarks.BenchCommand.RunAsync(args[1..]);
                return true;
            default:
                return false;
        }
    }

    private static async Task<int> SeedAsync(string[] args)
    {
        string? path = null;
        int? orders = null, products = null;
        var seed = DemoDataGenerator.DefaultSeed;
        var replace = false;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--db": path = Path.GetFullPath(args[++i]); break;
                    case "--orders": orders = int.Parse(args[++i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
                    case "--products": products = int.Parse(args[++i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--replace": replace = true; break;
                    default: throw new FormatException($"Unknown option {args[i]}.");
                }
            }
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(SeedUsage);
            return 2;
        }

        if (path is null || orders < 1 || products < 10)
        {
            Console.Error.WriteLine(SeedUsage);
            return 2;
        }

        if (File.Exists(path))
        {
            if (!replace)
            {
                Console.Error.WriteLine($"{path} already exists. Seed only a new database, or pass --replace to delete it first.");
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
            .AddOrdoroDomain(DatabaseLocation.ConnectionString(path))
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

        Console.WriteLine($"Seeded {path}");
        Console.WriteLine($"  {summary.Warehouses} warehouses, {summary.Products:N0} products, {summary.Orders:N0} orders " +
            $"({string.Join(", ", summary.OrdersByStatus.OrderBy(x => x.Key).Select(x => $"{x.Value:N0} {x.Key}"))}), " +
            $"{summary.Lines:N0} lines, {summary.Labels:N0} labels, {summary.Refunds:N0} refund requests, {summary.Events:N0} events");
        Console.WriteLine($"  migrations {migrated.TotalSeconds:0.0} s, seed {(total - migrated).TotalSeconds:0.0} s, total {total.TotalSeconds:0.0} s");
        return 0;
    }
}

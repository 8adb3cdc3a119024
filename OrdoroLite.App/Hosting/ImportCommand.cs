using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// <c>import FILE [--Database:Path=…]</c>: the scheduled-job form of Import Orders. Uses the same
/// database as the app (same configuration) and prints the same summary as the dialog.
/// Exit code 0 when the file was imported, 1 when it had problems (nothing imported), 2 for bad usage.
/// </summary>
public static class ImportCommand
{
    public static readonly Actor ScheduledJob = Actor.System("Scheduled import");

    /// <summary>Imports the file named by <paramref name="args"/>[0]; returns the exit code (0, 1 or 2 as above).</summary>
    public static async Task<int> RunAsync(string[] args, CommandConsole console)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            console.Error.WriteLine("Usage: import FILE.csv [--Database:Path=PATH]   (the CSV format is in docs/import.md)");
            return 2;
        }

        var file = Path.GetFullPath(args[0]);
        if (Directory.Exists(file))
        {
            console.Error.WriteLine($"{file} is a directory, not a file. Pass the path of one CSV file, e.g. \"$PWD/orders.csv\". Nothing was imported.");
            return 2;
        }

        if (!File.Exists(file))
        {
            // `dotnet run` starts the app in the project folder, so a path relative to the caller's folder misses.
            console.Error.WriteLine($"{file} does not exist. Relative paths start from {Environment.CurrentDirectory}; pass a full path, e.g. \"$PWD/orders.csv\".");
            return 2;
        }

        FileStream stream;
        try
        {
            stream = File.OpenRead(file);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            console.Error.WriteLine($"{file} cannot be read: {e.Message} Nothing was imported.");
            return 2;
        }

        await using var _ = stream;
        // The same configuration sources as the web app, so the job finds the same database.
        var builder = WebApplication.CreateBuilder(args[1..]);
        var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        await using var services = new ServiceCollection()
            .AddOrdoroDomain(database.ConnectionString, database.Provider)
            .BuildServiceProvider();
        await DatabaseStartup.MigrateAsync(services, database);

        console.Out.WriteLine($"Database: {database.Where}");
        var summary = await services.GetRequiredService<ImportOrders>().RunAsync(stream, file, ScheduledJob);
        foreach (var line in summary.Lines())
        {
            (summary.Succeeded ? console.Out : console.Error).WriteLine(line);
        }

        return summary.Succeeded ? 0 : 1;
    }
}

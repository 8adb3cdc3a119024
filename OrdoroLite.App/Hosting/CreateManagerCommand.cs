using System.Text;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// <c>create-manager --email EMAIL --name NAME [--force] [--Database:Path=…]</c>: the first manager
/// of a database started without demo data, who then adds everyone else at Staff. The password
/// never goes on the command line (shell history, process list): it is read from standard input,
/// or asked for twice without echo at a terminal. Exit code 0 added, 1 refused (nothing changed),
/// 2 wrong usage. Why a command and not a set-up page: docs/security.md.
/// </summary>
public static class CreateManagerCommand
{
    private const string Usage = """
        Usage: create-manager --email EMAIL --name "FULL NAME" [--force] [--Database:Path=PATH]
          Adds a manager to the app's database (the same configuration as the app). The password is
          asked for at a terminal, or read from the first line of standard input, e.g.
            printf '%s\n' "$PASSWORD" | dotnet run --project OrdoroLite.App -- create-manager --email … --name …
          Refused while an active manager exists, unless --force (for when every manager is locked out).
        """;

    /// <summary>Runs the command; returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CommandConsole console)
    {
        string? email = null, name = null;
        var force = false;
        var configuration = new List<string>();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--email": email = CommandLine.Value(args, ref i); break;
                    case "--name": name = CommandLine.Value(args, ref i); break;
                    case "--force": force = true; break;
                    case "--password":
                        throw new UsageException("--password is not an option: a password on the command line lands in the shell's history and the process list.");
                    case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':'):
                        configuration.Add(setting);
                        if (!setting.Contains('='))
                        {
                            configuration.Add(CommandLine.Value(args, ref i));
                        }

                        break;
                    default: throw new UsageException($"Unknown option {args[i]}.");
                }
            }

            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(name))
            {
                throw new UsageException("--email and --name are required.");
            }
        }
        catch (UsageException e)
        {
            console.Error.WriteLine(e.Message);
            console.Error.WriteLine(Usage);
            return 2;
        }

        var password = ReadPassword(console);
        if (password is null)
        {
            console.Error.WriteLine("No password was given (standard input was empty, or the two passwords differ). Nothing was changed.");
            return 2;
        }

        // The same configuration sources as the web app, so the command finds the same database.
        var builder = WebApplication.CreateBuilder([.. configuration]);
        var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOrdoroDomain(database.ConnectionString, database.Provider)
            .AddStaffSignIn()
            .BuildServiceProvider();
        await DatabaseStartup.MigrateAsync(services, database);

        try
        {
            await services.GetRequiredService<ManageStaff>().AddManagerWithoutCallerAsync(name, email, password, force);
        }
        catch (DomainException e)
        {
            console.Error.WriteLine($"{database.Where}: {e.Message}");
            return 1;
        }

        console.Out.WriteLine($"{database.Where}: added manager {name.Trim()} <{email.Trim()}>. Sign in at {StaffSignIn.LoginPath} and add everyone else at Staff.");
        return 0;
    }

    /// <summary>Twice without echo at a terminal (the two must match); else the first line of standard input.</summary>
    private static string? ReadPassword(CommandConsole console)
    {
        if (!console.Interactive)
        {
            return console.In.ReadLine() is { Length: > 0 } line ? line : null;
        }

        var first = ReadHidden(console, "Password for the new manager: ");
        var second = ReadHidden(console, "The same password again: ");
        return first.Length > 0 && first == second ? first : null;
    }

    private static string ReadHidden(CommandConsole console, string prompt)
    {
        console.Out.Write(prompt);
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        console.Out.WriteLine();
        return typed.ToString();
    }
}

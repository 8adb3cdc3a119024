using System.Diagnostics;
using System.Net;
using Npgsql;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.ServerFarm;

/// <summary>
/// What a load balancer and the person starting a server see: <c>GET /health</c> (anonymous, says
/// nothing but Healthy / Unhealthy), and a wrong database setting stopping start-up with one
/// sentence naming the database instead of a stack trace.
/// </summary>
public sealed class StartupAndHealthTests
{
    [Fact]
    public async Task Health_answers_anonymously_healthy_then_unhealthy_once_the_database_is_gone_and_reveals_nothing_else()
    {
        await using var database = await TestDatabase.PostgresEmptyAsync();
        var server = new AppServer(new AppServerOptions(PostgresConnectionString: database.ConnectionString, SeedDemoData: false));
        await server.InitializeAsync();
        try
        {
            using var anonymous = server.NewVisitor();
            var healthy = await anonymous.GetAsync("/health");
            (await healthy.Content.ReadAsStringAsync()).Should().Be("Healthy");
            healthy.StatusCode.Should().Be(HttpStatusCode.OK);

            // The database server loses the database (as when it goes down).
            NpgsqlConnection.ClearAllPools();
            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand(
                    $"DROP DATABASE \"{new NpgsqlConnectionStringBuilder(database.ConnectionString).Database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            var unhealthy = await anonymous.GetAsync("/health");
            unhealthy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await unhealthy.Content.ReadAsStringAsync()).Should().Be("Unhealthy", "the balancer needs no more, and nobody else gets more");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=shop_orders;Username=ordorolite;Password=x", "PostgreSQL database \"shop_orders\" on 127.0.0.1:1")]
    [InlineData("Host=127.0.0.1;Database=no_such_database_here;Username=ordorolite;Password=ordorolite", "PostgreSQL database \"no_such_database_here\" on 127.0.0.1:5432")]
    public async Task A_wrong_or_unreachable_connection_string_stops_start_up_with_one_sentence_naming_the_host_and_database(
        string connectionString, string named)
    {
        var (exitCode, output, errors) = await RunAppAsync(
            "--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={connectionString}", "--urls=http://127.0.0.1:0");

        exitCode.Should().Be(1);
        errors.Should().Contain($"OrdoroLite cannot open its {named}").And.Contain("Check the connection settings");
        (output + errors).Should().NotContain("   at ", "a person starting the app reads a sentence, not a stack trace");
    }

    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_a_sentence_naming_the_two_that_exist()
    {
        var (exitCode, _, errors) = await RunAppAsync("--Database:Provider=Oracle", "--urls=http://127.0.0.1:0");

        exitCode.Should().Be(1);
        errors.Trim().Should().Be("Database:Provider is \"Oracle\"; it must be Sqlite (the default) or Postgres.");
    }

    /// <summary>The built app as its own process (what a person or a service manager starts).</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunAppAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrdoroLite.App.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The app did not stop within a minute: it should have refused to start.");
        }

        return (process.ExitCode, await output, await errors);
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrdoroLite.Domain.Data.Postgres;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.ServerFarm;

/// <summary>
/// One server keeps at most <see cref="PostgresProvider.DefaultMaxPoolSize"/> connections to PostgreSQL
/// (docs/deployment.md, "Connections"): with Npgsql's default of 100, two servers under the load bench
/// exceeded the database's max_connections and pages answered 500.
/// </summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData("Host=db;Database=shop;Username=app", 25)]
    [InlineData("Host=db;Database=shop;Username=app;Maximum Pool Size=60", 60)]
    [InlineData("Host=db;Database=shop;Username=app;maxpoolsize=7", 7)]
    public void A_connection_string_without_a_maximum_gets_the_per_server_limit(string given, int expected) =>
        new NpgsqlConnectionStringBuilder(PostgresProvider.WithPoolLimit(given)).MaxPoolSize.Should().Be(expected);

    [Fact]
    public async Task Sixty_operations_at_once_share_at_most_the_limit_of_connections_and_all_complete()
    {
        await using var database = TestDatabase.Postgres();
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using var watcher = (NpgsqlConnection)await database.OpenConnectionAsync();
        // The connections running one of the 60 operations at this moment: only the pool's connections
        // run them, so no more than it holds run at once. (Counting every client connection of the
        // database, less those open before, once read 26: a connection of the test database's set-up,
        // in another pool, came and went meanwhile.)
        async Task<int> RunningAsync()
        {
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = @name AND state = 'active' AND query LIKE 'SELECT pg_sleep(0.3)%'", watcher);
            count.Parameters.AddWithValue("name", name!);
            return (int)(long)(await count.ExecuteScalarAsync())!;
        }

        var most = 0;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, await RunningAsync());
                await Task.Delay(20);
            }
        });

        var done = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            await using var db = database.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("SELECT pg_sleep(0.3)");
            return true;
        }));
        await stop.CancelAsync();
        await watching;

        done.Should().HaveCount(60).And.OnlyContain(d => d, "a request waits for a free connection rather than failing");
        most.Should().BeInRange(2, PostgresProvider.DefaultMaxPoolSize, "the app's pool, not the 60 requests, decides how many connections it holds");
    }
}

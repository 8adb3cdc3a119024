using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.ServerFarm;

/// <summary>
/// Two app servers on one PostgreSQL database, as a shop that outgrew one machine runs them
/// (docs/deployment.md): server A starts on an empty database (migrates it, seeds the demo data),
/// then server B starts on the same one. Each has its own connection pool, caches, Data Protection
/// and background workers, as separate machines would.
/// </summary>
public sealed class TwoServers : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public AppServer A { get; private set; } = null!;

    public AppServer B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.PostgresEmptyAsync();
        var options = new AppServerOptions(PostgresConnectionString: Database.ConnectionString);
        A = new AppServer(options);
        await A.InitializeAsync();
        B = new AppServer(options);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Open orders of the demo data with one line, not yet used by another test of this database.</summary>
    public async Task<List<int>> TakeOpenOrdersAsync(int count)
    {
        await using var db = Database.CreateDbContext();
        var numbers = await db.Orders.AsNoTracking()
            .Where(o => o.Status == Domain.Orders.OrderStatus.AwaitingFulfillment)
            .OrderBy(o => o.Number)
            .Select(o => o.Number)
            .ToListAsync();
        lock (_taken)
        {
            var picked = numbers.Where(_taken.Add).Take(count).ToList();
            return picked.Count == count ? picked : throw new InvalidOperationException($"Only {picked.Count} open orders left.");
        }
    }

    private readonly HashSet<int> _taken = [];
}

[CollectionDefinition(Name)]
public sealed class TwoServersCollection : ICollectionFixture<TwoServers>, ICollectionFixture<Browser>
{
    public const string Name = "Two servers on PostgreSQL";
}

using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api.Support;

/// <summary>
/// Two app servers on one PostgreSQL database (as docs/deployment.md runs a shop that outgrew one
/// machine), each with its own connection pool and background workers, set up for API tests.
/// </summary>
public sealed class ApiTwoServers : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public ApiServer A { get; private set; } = null!;

    public ApiServer B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.PostgresEmptyAsync();
        var options = new AppServerOptions(PostgresConnectionString: Database.ConnectionString, Settings: ApiServer.Settings());
        A = new ApiServer(options);
        await A.InitializeAsync();
        B = new ApiServer(options);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTwoServersCollection : ICollectionFixture<ApiTwoServers>
{
    public const string Name = "API on two servers, PostgreSQL";
}

namespace OrdoroLite.App.Hosting;

/// <summary>Demo accounts and demo orders for a brand-new database.</summary>
public static class DemoSeeding
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await DemoAccounts.CreateAsync(services, ct);
    }
}

using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

public static class OrdersFeature
{
    /// <summary>The Orders screens' own services (the queries and use cases come from the Domain).</summary>
    public static IServiceCollection AddOrdersFeature(this IServiceCollection services)
    {
        services.AddSingleton<OrderChanges>();
        services.AddHostedService<OrderChangesListener>();
        services.AddScoped<LocalTime>(); // the viewer's time zone, asked once per circuit
        services.AddSingleton<OrderActions>();
        // One registry for the server, and stopped with it: jobs outlive the circuit that started them.
        services.AddSingleton<OrderJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderJobs>());
        return services;
    }
}

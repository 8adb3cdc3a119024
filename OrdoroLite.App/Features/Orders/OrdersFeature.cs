using OrdoroLite.App.Features.Shared;

namespace OrdoroLite.App.Features.Orders;

public static class OrdersFeature
{
    /// <summary>The Orders screens' own services (the queries and use cases come from the Domain).</summary>
    public static IServiceCollection AddOrdersFeature(this IServiceCollection services)
    {
        services.AddSingleton<OrderChanges>();
        services.AddHostedService<OrderChangesListener>();
        services.AddScoped<LocalTime>(); // the viewer's time zone, asked once per circuit
        return services;
    }
}

using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

public static class OrdersFeature
{
    /// <summary>The Orders screens' own services (the queries and use cases come from the Domain).</summary>
    public static IServiceCollection AddOrdersFeature(this IServiceCollection services)
    {
        services.AddSingleton<OrderChanges>();
        // A Domain query; registered here while Data/OrdoroData.cs (AddOrdoroDomain) is being reworked on main.
        services.AddTransient<OrderActionPreview>();
        services.AddScoped<LocalTime>(); // the viewer's time zone, asked once per circuit
        return services;
    }
}

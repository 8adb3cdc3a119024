using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// The services the App's components use, registered as the App does (the Domain's use cases and
/// queries, the Orders feature, CurrentStaff), but over the test's database and fake clock — so a
/// bUnit test needs no list of its own that drifts from Program.cs.
/// </summary>
public static class AppServicesForComponents
{
    public static IServiceCollection AddAppServicesOver(this IServiceCollection services, TestDatabase database, TimeProvider clock)
    {
        services.AddMudServices();
        services.AddOrdoroDomain("Data Source=:memory:");
        services.AddSingleton<IDbContextFactory<OrdoroDbContext>>(database);
        services.AddSingleton(clock);
        services.AddOrdersFeature();
        services.AddScoped<CurrentStaff>();
        return services;
    }
}

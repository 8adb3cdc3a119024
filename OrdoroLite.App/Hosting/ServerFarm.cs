using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// What lets several app servers share one database (docs/deployment.md): the Data Protection key
/// ring in the database, so a sign-in cookie one server issued is accepted by the others, and an
/// anonymous <c>GET /health</c> for the load balancer.
/// </summary>
public static class ServerFarm
{
    /// <summary>The anonymous health check's path: 200 "Healthy" when the database answers, 503 "Unhealthy" when not, nothing else.</summary>
    public const string HealthPath = "/health";

    public static IServiceCollection AddServerFarm(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName("OrdoroLite")
            .PersistKeysToDbContext<OrdoroDbContext>();
        services.AddHealthChecks().AddDbContextCheck<OrdoroDbContext>("database");
        return services;
    }

    public static void MapServerFarm(this WebApplication app) =>
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { AllowCachingResponses = false }).AllowAnonymous();
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrdoroLite.Domain.Api;

public static class ApiDomain
{
    /// <summary>API keys and idempotency keys (the App binds <see cref="IdempotencyOptions"/> from "Api:Idempotency" first, if it wants other values).</summary>
    public static IServiceCollection AddApiDomain(this IServiceCollection services)
    {
        services.TryAddSingleton<IdempotencyOptions>();
        services.AddTransient<ManageApiKeys>();
        services.AddTransient<IdempotencyKeys>();
        return services;
    }
}

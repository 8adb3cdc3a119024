using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Webhooks;

public static class WebhookDomain
{
    /// <summary>
    /// Subscriptions and the dispatcher. Needs an <see cref="IWebhookSender"/> and an
    /// <see cref="IWebhookTargetGuard"/> (the App's send over HTTP), and <c>AddOrdoroDomain</c> first
    /// (the database provider picks the outbox horizon).
    /// </summary>
    public static IServiceCollection AddWebhookDomain(this IServiceCollection services)
    {
        services.TryAddSingleton<WebhookOptions>();
        // One per process: PostgreSQL's horizon remembers the barrier it waits for.
        services.AddSingleton(sp => OutboxHorizons.For(sp.GetRequiredService<IDatabaseProvider>().Name));
        services.AddTransient<WebhookDispatcher>();
        services.AddTransient<ManageWebhooks>();
        return services;
    }
}

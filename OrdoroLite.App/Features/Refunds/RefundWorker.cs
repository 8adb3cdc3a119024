using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;

namespace OrdoroLite.App.Features.Refunds;

/// <summary>The background worker that drives label refunds through the carrier (see RefundProcessor).</summary>
public sealed class RefundWorker(IServiceProvider services, RefundOptions options, TimeProvider clock, ILogger<RefundWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await services.GetRequiredService<RefundProcessor>().RunOnceAsync(stoppingToken);
                if (handled > 0)
                {
                    logger.LogInformation("Refund worker handled {Count} request(s).", handled);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup must not stop the worker; the requests stay due and are retried.
                logger.LogError(e, "Refund worker pass failed.");
            }

            await Task.Delay(options.WorkerInterval, clock, stoppingToken);
        }
    }
}

public static class RefundSetup
{
    /// <summary>Binds the carrier sandbox and refund timing from configuration and starts the worker.</summary>
    public static IServiceCollection AddRefundWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Replace(ServiceDescriptor.Singleton(
            configuration.GetSection("Carriers:Sandbox").Get<SandboxCarrierOptions>() ?? new SandboxCarrierOptions()));
        services.Replace(ServiceDescriptor.Singleton(
            configuration.GetSection("Refunds").Get<RefundOptions>() ?? new RefundOptions()));
        if (configuration.GetValue("Refunds:WorkerEnabled", true))
        {
            services.AddHostedService<RefundWorker>();
        }

        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.Domain.Channels;

namespace OrdoroLite.App.Features.Channels;

/// <summary>The background worker that sends cancellations to the sales channels (see ChannelCancellationProcessor).</summary>
public sealed class ChannelSyncWorker(IServiceProvider services, ChannelSyncOptions options, TimeProvider clock, ILogger<ChannelSyncWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await services.GetRequiredService<ChannelCancellationProcessor>().RunUntilDrainedAsync(ct: stoppingToken);
                if (handled > 0)
                {
                    logger.LogInformation("Channel sync worker handled {Count} cancellation(s).", handled);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup must not stop the worker; the requests stay due and are retried.
                logger.LogError(e, "Channel sync worker pass failed.");
            }

            await Task.Delay(options.WorkerInterval, clock, stoppingToken);
        }
    }
}

public static class ChannelSyncSetup
{
    /// <summary>Binds the sales-channel sandbox ("SalesChannels:Sandbox") and the pipeline's timing ("ChannelSync"), and starts the worker.</summary>
    public static IServiceCollection AddChannelSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.Replace(ServiceDescriptor.Singleton(
            configuration.GetSection("SalesChannels:Sandbox").Get<SandboxSalesChannelOptions>() ?? new SandboxSalesChannelOptions()));
        services.Replace(ServiceDescriptor.Singleton(
            configuration.GetSection("ChannelSync").Get<ChannelSyncOptions>() ?? new ChannelSyncOptions()));
        if (configuration.GetValue("ChannelSync:WorkerEnabled", true))
        {
            services.AddHostedService<ChannelSyncWorker>();
        }

        return services;
    }
}

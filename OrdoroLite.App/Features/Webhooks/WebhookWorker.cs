using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Features.Webhooks;

/// <summary>
/// The background worker that sends webhooks (<see cref="WebhookDispatcher"/>) on every server.
/// It runs every <see cref="WebhookOptions.WorkerInterval"/>, and at once when orders change on this
/// server or another (<see cref="OrderChanges"/>), so a cancel's webhook leaves within moments.
/// </summary>
public sealed class WebhookWorker(
    IServiceProvider services,
    WebhookOptions options,
    OrderChanges changes,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var pass = await services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(stoppingToken);
                    if (pass.Attempted > 0)
                    {
                        logger.LogInformation("Webhook worker queued {Queued} and attempted {Attempted} delivery(ies).", pass.Queued, pass.Attempted);
                        // More may be due (a full batch, or an order's next event now unblocked): look again at once.
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A database hiccup must not stop the worker; the events and deliveries stay and are retried.
                    logger.LogError(e, "Webhook worker pass failed.");
                }

                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= Wake;
        }
    }

    private void Wake(IReadOnlyCollection<int> _)
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WorkerInterval);
        try
        {
            await _wake.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The interval passed.
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

public static class WebhooksSetup
{
    /// <summary>Binds "Webhooks" from configuration, sends over HTTP with the address guard, and starts the worker.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton(options);
        services.AddSingleton<WebhookTargetGuard>();
        services.AddSingleton<IWebhookTargetGuard>(sp => sp.GetRequiredService<WebhookTargetGuard>());
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
        services.AddWebhookDomain();
        if (options.WorkerEnabled)
        {
            services.AddHostedService<WebhookWorker>();
        }

        return services;
    }
}

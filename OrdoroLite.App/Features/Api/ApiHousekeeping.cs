using OrdoroLite.Domain.Api;

namespace OrdoroLite.App.Features.Api;

/// <summary>Removes Idempotency-Keys past their retention (at least 24 hours), once an hour, on every server (the delete is idempotent).</summary>
public sealed class ApiHousekeeping(IServiceProvider services, TimeProvider clock, ILogger<ApiHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await services.GetRequiredService<IdempotencyKeys>().CleanupAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Removed {Count} expired Idempotency-Key(s).", removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy database: the keys are removed on a later pass; nothing depends on it being prompt.
                logger.LogWarning(e, "Idempotency-Key cleanup failed.");
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}

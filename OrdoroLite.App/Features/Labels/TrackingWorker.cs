using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Tracking;

namespace OrdoroLite.App.Features.Labels;

/// <summary>How often the tracking worker asks the carriers for scans; bound from configuration section "Tracking".</summary>
public sealed class TrackingOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Asks the carriers for the labels they scanned since its last pass and records them
/// (<see cref="RecordScans"/>): a scanned label is used, so the carrier rules stop counting on its refund.
/// </summary>
public sealed class TrackingWorker(IServiceProvider services, ICarrierGateway carriers, TrackingOptions options, TimeProvider clock,
    ILogger<TrackingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // From the beginning on each start: recording a scan twice changes nothing (the first one counts).
        var since = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var asked = clock.GetUtcNow();
                var scans = await carriers.GetScansAsync(since, stoppingToken);
                foreach (var batch in scans.Chunk(RecordScans.MaxScans))
                {
                    var outcome = await services.GetRequiredService<RecordScans>().RunAsync(batch, stoppingToken);
                    if (outcome.Recorded > 0)
                    {
                        logger.LogInformation("Tracking: {Count} label(s) scanned by their carrier.", outcome.Recorded);
                    }
                }

                since = asked;
            }
            catch (CarrierUnavailableException e)
            {
                logger.LogWarning("Tracking: the carrier could not be reached ({Message}); asking again next pass.", e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup must not stop the worker; the next pass asks again from the same point.
                logger.LogError(e, "Tracking pass failed.");
            }

            await Task.Delay(options.Interval, clock, stoppingToken);
        }
    }
}

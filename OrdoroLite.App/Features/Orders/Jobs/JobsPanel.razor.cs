using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace OrdoroLite.App.Features.Orders.Jobs;

/// <summary>
/// Shows the background jobs of <see cref="OrderJobs"/> this person may see, refreshed as their
/// batches finish. The viewer comes from this circuit's signed-in principal, on the server.
/// </summary>
public sealed partial class JobsPanel : IDisposable
{
    private JobViewer? _viewer;
    private IReadOnlyList<(OrderJob Job, JobProgress Progress)> _jobs = [];
    private int _refreshQueued;

    [Inject] private OrderJobs Jobs { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private ILogger<JobsPanel> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _viewer = JobViewer.Of((await Authentication.GetAuthenticationStateAsync()).User);
        Jobs.Changed += OnJobsChanged;
        Read();
    }

    private void Read() =>
        _jobs = _viewer is null ? [] : Jobs.VisibleTo(_viewer).Select(j => (j, j.Progress)).ToList();

    private static string StateText(JobProgress progress) => progress.State switch
    {
        JobState.Running => $"{progress.Percent:0}%",
        JobState.Stopping => "Stopping after the current batch…",
        JobState.Stopped => "Stopped. What was done stays done.",
        JobState.Failed => "Failed.",
        _ => "Finished.",
    };

    private void Stop(OrderJob job)
    {
        if (_viewer is not null)
        {
            Jobs.Stop(job.Id, _viewer);
        }
    }

    private void Dismiss(OrderJob job)
    {
        if (_viewer is not null)
        {
            Jobs.Dismiss(job.Id, _viewer);
        }
    }

    // Raised on a job's thread after every batch; at most one refresh waits at a time per panel.
    private async void OnJobsChanged()
    {
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 1)
        {
            return;
        }

        try
        {
            await InvokeAsync(() =>
            {
                Volatile.Write(ref _refreshQueued, 0);
                Read();
                StateHasChanged();
            });
        }
        catch (Exception e)
        {
            // A closed tab's circuit is gone; a job must not notice.
            Volatile.Write(ref _refreshQueued, 0);
            Logger.LogDebug(e, "Refreshing the jobs panel failed");
        }
    }

    public void Dispose() => Jobs.Changed -= OnJobsChanged;
}

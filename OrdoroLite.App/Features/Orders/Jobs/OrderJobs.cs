using System.Security.Claims;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Orders.Jobs;

/// <summary>
/// The large actions running in the background, for the whole server (a singleton): an action on
/// more than <see cref="InlineLimit"/> orders runs here, <see cref="BatchSize"/> orders per call of
/// the use case, each call one transaction. The job belongs to the server, not to the circuit that
/// started it, so it goes on when its person moves to another page, and the Orders page shows it
/// again on their return. A stop takes effect between batches: what is done stays done.
/// </summary>
/// <remarks>
/// Who sees what (docs/orders-grid.md, "Large actions"): staff see and stop their own jobs;
/// managers also see everyone's running jobs and may stop them. Every call names its viewer, built
/// on the server from the signed-in principal.
/// </remarks>
public sealed class OrderJobs(OrderActions actions, OrderChanges changes, TimeProvider clock, ILogger<OrderJobs> logger)
    : IHostedService
{
    /// <summary>The most orders an action runs at once, without a job (issue 16: "more than ~500 orders runs in the background").</summary>
    public const int InlineLimit = 500;

    /// <summary>Orders per use-case call of a job by default (see <see cref="BatchSize"/>).</summary>
    public const int DefaultBatchSize = 2_000;

    /// <summary>The most one job takes (the use cases take at most 10,000 per call).</summary>
    public const int MaxOrders = 100_000;

    /// <summary>Ended jobs kept per person, with their outcomes for the CSV: a 100,000-order outcome is about 15 MB.</summary>
    public const int EndedKeptPerPerson = 3;

    /// <summary>Open grids refresh this often while a job runs (and once when it ends): each refresh recounts the tabs.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private readonly object _lock = new();
    private readonly List<OrderJob> _jobs = [];

    /// <summary>
    /// Orders per use-case call of a job. About a second of writing each at a million orders: short
    /// enough that other writers and a Stop wait little, long enough that 100,000 orders take 50
    /// calls, whose fixed cost per call made batches of 500 miss the job's 60 s (docs/performance.md).
    /// </summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    private readonly Dictionary<Guid, Task> _running = [];

    /// <summary>A job started, moved on by a batch, or ended. Raised on the job's thread.</summary>
    public event Action? Changed;

    /// <summary>Starts <paramref name="input"/> over <paramref name="numbers"/> for <paramref name="owner"/>.</summary>
    /// <exception cref="DomainException">Too many orders, a bad comment, or the person already has a job running.</exception>
    public OrderJob Start(Actor owner, OrderActionInput input, IReadOnlyList<int> numbers, string? selectionNote = null)
    {
        if (numbers.Count == 0 || numbers.Count > MaxOrders)
        {
            throw new InvalidRequestException($"{numbers.Count:N0} orders were selected; one action takes 1 to {MaxOrders:N0}. Nothing was changed.");
        }

        Comment.Normalize(input.Comment); // refused here, not in the first batch
        var job = new OrderJob(owner, input, numbers, selectionNote, clock.GetUtcNow());
        lock (_lock)
        {
            if (_jobs.Any(j => j.Owner.Id == owner.Id && j.IsRunning))
            {
                throw new DomainException("You already have an action running on many orders. Wait for it to end, or stop it, then start this one.");
            }

            _jobs.Add(job);
            var ended = _jobs.Where(j => j.Owner.Id == owner.Id && !j.IsRunning).OrderByDescending(j => j.StartedAt).Skip(EndedKeptPerPerson).ToList();
            _jobs.RemoveAll(ended.Contains);
            _running[job.Id] = Task.Run(() => RunAsync(job));
        }

        Notify();
        return job;
    }

    /// <summary>The jobs this person may see, newest first.</summary>
    public IReadOnlyList<OrderJob> VisibleTo(JobViewer viewer)
    {
        lock (_lock)
        {
            return _jobs.Where(viewer.MaySee).OrderByDescending(j => j.StartedAt).ToList();
        }
    }

    /// <summary>A job this person may download the outcome of, or null.</summary>
    public OrderJob? Find(Guid id, JobViewer viewer)
    {
        lock (_lock)
        {
            return _jobs.FirstOrDefault(j => j.Id == id && viewer.MayDownload(j));
        }
    }

    /// <summary>Asks a running job to stop after its current batch; false if it is not this person's to stop or no longer running.</summary>
    public bool Stop(Guid id, JobViewer viewer)
    {
        OrderJob? job;
        lock (_lock)
        {
            job = _jobs.FirstOrDefault(j => j.Id == id && viewer.MayStop(j));
        }

        var stopping = job?.RequestStop() == true;
        if (stopping)
        {
            logger.LogInformation("Job {Job} ({Title} for {Owner}) asked to stop by {Viewer}", job!.Id, job.Title, job.Owner.Name, viewer.Id);
            Notify();
        }

        return stopping;
    }

    /// <summary>Forgets an ended job of this person (and its outcome).</summary>
    public void Dismiss(Guid id, JobViewer viewer)
    {
        lock (_lock)
        {
            _jobs.RemoveAll(j => j.Id == id && j.Owner.Id == viewer.Id && !j.IsRunning);
        }

        Notify();
    }

    private async Task RunAsync(OrderJob job)
    {
        string? error = null;
        var unpublished = new List<int>();
        var published = clock.GetUtcNow();
        try
        {
            foreach (var batch in job.Batches(BatchSize))
            {
                if (job.StopRequested)
                {
                    break;
                }

                // No cancellation token: a batch is one transaction and is never torn off half-way.
                var outcome = await actions.RunAsync(job.Input, batch, job.Owner);
                job.Add(outcome.Orders);
                unpublished.AddRange(batch);
                if (clock.GetUtcNow() - published >= RefreshEvery)
                {
                    changes.Publish(unpublished);
                    unpublished = [];
                    published = clock.GetUtcNow();
                }

                Notify();
            }
        }
        catch (DomainException e)
        {
            error = e.Message;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} ({Title} for {Owner}) failed", job.Id, job.Title, job.Owner.Name);
            error = "A batch failed and was rolled back as a whole; the batches before it stay done. Check the orders, then try the rest again.";
        }
        finally
        {
            job.End(clock.GetUtcNow(), error);
            lock (_lock)
            {
                _running.Remove(job.Id);
            }

            if (unpublished.Count > 0)
            {
                changes.Publish(unpublished);
            }

            Notify();
        }
    }

    private void Notify()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception e)
        {
            // A listener's failure must not stop a job.
            logger.LogWarning(e, "A job listener failed");
        }
    }

    /// <summary>Nothing to start: jobs start when a person confirms an action.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>On shutdown every job stops after its current batch, so no batch is cut off by the process ending.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
        {
            foreach (var job in _jobs)
            {
                job.RequestStop();
            }

            running = [.. _running.Values];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    /// <summary>Waits for every job to end (tests).</summary>
    internal Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll([.. _running.Values]);
        }
    }
}

/// <summary>Who is looking at the jobs, as the server knows them from the signed-in principal.</summary>
public sealed record JobViewer(string Id, bool IsManager)
{
    /// <summary>
    /// The viewer a signed-in principal is, or null when nobody is signed in. Read here rather than
    /// through CurrentStaff, which gives the actor but not the role, and the download endpoint has
    /// no circuit to ask.
    /// </summary>
    public static JobViewer? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id
            ? new JobViewer(id, user.IsInRole(Roles.Manager))
            : null;

    /// <summary>Their own jobs; a manager also everyone's running ones.</summary>
    public bool MaySee(OrderJob job) => job.Owner.Id == Id || (IsManager && job.IsRunning);

    /// <summary>Their own jobs; a manager any job.</summary>
    public bool MayStop(OrderJob job) => job.Owner.Id == Id || IsManager;

    /// <summary>The outcome of their own jobs; a manager of any job.</summary>
    public bool MayDownload(OrderJob job) => job.Owner.Id == Id || IsManager;
}

using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.App.Features.Orders.Jobs;

public enum JobState
{
    Running,

    /// <summary>Asked to stop: the batch under way finishes, no other starts.</summary>
    Stopping,
    Stopped,
    Finished,

    /// <summary>A batch failed as a whole (its orders are untouched); the batches before it stay done.</summary>
    Failed,
}

/// <summary>
/// One large action running in the background, batch by batch, for the person who started it. Its
/// outcomes are kept (for the CSV) until the job is dismissed or pushed out by newer ones
/// (<see cref="OrderJobs"/>). Read from any thread: every read takes a snapshot under the lock.
/// </summary>
public sealed class OrderJob
{
    private readonly object _lock = new();
    private readonly List<OrderOutcome> _outcomes;
    private readonly IReadOnlyList<int> _numbers;
    private JobState _state = JobState.Running;
    private int _done;
    private int _skipped;
    private int _notFound;
    private int _warnings;
    private string? _error;
    private DateTimeOffset? _endedAt;

    internal OrderJob(Actor owner, OrderActionInput input, IReadOnlyList<int> numbers, string? selectionNote, DateTimeOffset startedAt)
    {
        Owner = owner;
        Input = input;
        _numbers = numbers;
        _outcomes = new List<OrderOutcome>(numbers.Count);
        SelectionNote = selectionNote;
        StartedAt = startedAt;
    }

    /// <summary>Names the job in its download address; unguessable, though the download checks the viewer anyway.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Who started it: the actor of every batch, and whose job it is.</summary>
    public Actor Owner { get; }

    /// <summary>The action and what its dialog collected.</summary>
    public OrderActionInput Input { get; }

    /// <summary>How many orders the job was started with.</summary>
    public int Total => _numbers.Count;

    /// <summary>How the orders acted on differ from what the person selected, e.g. "2 fewer than the 340 selected: …".</summary>
    public string? SelectionNote { get; }

    /// <summary>When the person confirmed the action.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>"Cancelling 1,200 orders".</summary>
    public string Title => $"{OrderActions.Text(Input.Action).Doing} {Total:N0} order{(Total == 1 ? "" : "s")}";

    /// <summary>The counts and state now.</summary>
    public JobProgress Progress
    {
        get
        {
            lock (_lock)
            {
                return new JobProgress(_state, Total, _done, _skipped, _notFound, _warnings, _error, _endedAt);
            }
        }
    }

    /// <summary>Running or stopping: a batch may still be under way.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _state is JobState.Running or JobState.Stopping;
            }
        }
    }

    /// <summary>The outcome so far, with the orders not reached, as CSV.</summary>
    public void WriteCsv(TextWriter into)
    {
        List<OrderOutcome> outcomes;
        string notRunReason;
        lock (_lock)
        {
            outcomes = [.. _outcomes];
            notRunReason = _state switch
            {
                JobState.Stopped => "the action was stopped before this order's batch",
                JobState.Failed => "the action failed before this order's batch finished",
                _ => "not reached yet: the action is still running",
            };
        }

        BulkOutcomeCsv.Write(into, outcomes, _numbers.Skip(outcomes.Count), notRunReason);
    }

    internal IEnumerable<IReadOnlyList<int>> Batches(int size) => _numbers.Chunk(size);

    internal bool StopRequested
    {
        get
        {
            lock (_lock)
            {
                return _state == JobState.Stopping;
            }
        }
    }

    internal bool RequestStop()
    {
        lock (_lock)
        {
            if (_state != JobState.Running)
            {
                return false;
            }

            _state = JobState.Stopping;
            return true;
        }
    }

    internal void Add(IEnumerable<OrderOutcome> outcomes)
    {
        lock (_lock)
        {
            foreach (var outcome in outcomes)
            {
                _outcomes.Add(outcome);
                _warnings += outcome.Warnings.Count;
                _ = outcome.Kind switch
                {
                    OutcomeKind.Done => ++_done,
                    OutcomeKind.Skipped => ++_skipped,
                    _ => ++_notFound,
                };
            }
        }
    }

    internal void End(DateTimeOffset at, string? error = null)
    {
        lock (_lock)
        {
            _error = error;
            _endedAt = at;
            _state = error is not null ? JobState.Failed
                : _outcomes.Count < _numbers.Count ? JobState.Stopped
                : JobState.Finished;
        }
    }
}

/// <summary>A job's counts at one moment.</summary>
public sealed record JobProgress(JobState State, int Total, int Done, int Skipped, int NotFound, int Warnings, string? Error, DateTimeOffset? EndedAt)
{
    public int Processed => Done + Skipped + NotFound;

    public int Left => Total - Processed;

    public bool IsRunning => State is JobState.Running or JobState.Stopping;

    /// <summary>Share of the orders processed, 0–100.</summary>
    public double Percent => Total == 0 ? 100 : 100.0 * Processed / Total;
}

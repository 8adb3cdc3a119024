namespace OrdoroLite.Domain.Channels;

/// <summary>Timing of the channel-cancellation pipeline; bound from configuration section "ChannelSync" (the same shape as "Refunds").</summary>
public sealed class ChannelSyncOptions
{
    /// <summary>How often the background worker looks for due requests.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before asking the channel again about a cancellation it is still processing.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A worker's claim on a request; another process may take it over after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A channel call that takes longer is abandoned and counts as a transient failure.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Wait after the first failure; doubled after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public int BatchSize { get; set; } = 20;

    /// <summary>The wait after <paramref name="failures"/> failures in a row: 30 s, 1 min, 2 min, … capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelayAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 30))));
}

namespace OrdoroLite.Domain.Webhooks;

/// <summary>Timing of webhook delivery; bound from configuration section "Webhooks".</summary>
public sealed class WebhookOptions
{
    /// <summary>How often the worker looks for new events and due deliveries (it also wakes at once after a change on this server).</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A worker's claim on a delivery while it sends it; another server may send it again after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A URL that takes longer to answer counts as a failed attempt.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after the first failure; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries stop this long after the event (or a manager's redelivery): the delivery is then Failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Events turned into delivery rows per subscription per statement, and deliveries claimed per pass.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Deliveries sent at once by one server.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>False in tests that drive <see cref="WebhookDispatcher"/> themselves.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Loopback, private and link-local addresses are refused unless this is set (tests, or a receiver on the same machine or network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <param name="failures">Failed attempts so far, at least 1.</param>
    public TimeSpan RetryDelayAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 30))));
}

using System.Collections.Concurrent;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Channels;

/// <summary>How the sandbox sales channels behave; bound from configuration section "SalesChannels:Sandbox".</summary>
public sealed class SandboxSalesChannelOptions
{
    /// <summary>
    /// Channels that behave like Amazon, separated by commas (compared as keys); every other channel
    /// behaves like Shopify. One text, not a list: configuration binding adds to a list's defaults,
    /// so a configured list could never drop "Amazon".
    /// </summary>
    public string AmazonLikeChannels { get; set; } = "Amazon";

    /// <summary>How long an Amazon-like channel takes to process a cancellation before it acknowledges it.</summary>
    public TimeSpan AmazonProcessingDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Channel order ids an Amazon-like channel reports shipped (besides orders we reported shipped): it refuses to cancel them.</summary>
    public List<string> ShippedOrderIds { get; set; } = [];

    /// <summary>Fail this many calls transiently before answering (then count down).</summary>
    public int FailNextCalls { get; set; }

    /// <summary>The channel is down: every call fails transiently until this is switched off.</summary>
    public bool Down { get; set; }

    /// <summary>
    /// Channels that are down while the others answer (comma-separated, compared as keys): every call for
    /// one of them fails transiently. Read at each call, so it can be changed while the app runs.
    /// </summary>
    public string DownChannels { get; set; } = "";

    /// <summary>Calls never answer, as a channel that hangs does; the caller's timeout ends them.</summary>
    public bool Hang { get; set; }
}

/// <summary>
/// Two made-up sales channels. Shopify-like cancels at once, shipped or not (the merchant handles
/// any return). Amazon-like processes a cancellation for a while, then acknowledges it, but
/// refuses at once to cancel an order it already reports shipped. Both keep their answers by
/// idempotency key, as a real channel does, in memory: after an app restart they no longer know
/// earlier requests (<see cref="ChannelVerdict.Unknown"/>).
/// </summary>
public sealed class SandboxSalesChannel(SandboxSalesChannelOptions options, TimeProvider clock) : ISalesChannelGateway
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ChannelCancelAsk Ask, ChannelDecision Immediate)> _cancellations = new();
    private int _cancelCalls;

    public SandboxSalesChannel()
        : this(new SandboxSalesChannelOptions(), TimeProvider.System)
    {
    }

    public SandboxSalesChannelOptions Options => options;

    /// <summary>Every CancelOrder call that reached the channel (repeats included).</summary>
    public int CancelCalls => _cancelCalls;

    /// <summary>Distinct cancellations the channel knows about (one per idempotency key).</summary>
    public int CancellationsRecorded => _cancellations.Count;

    /// <summary>What the channel received for a key, or null.</summary>
    public ChannelCancelAsk? Received(string idempotencyKey) =>
        _cancellations.TryGetValue(idempotencyKey, out var entry) ? entry.Ask : null;

    public async Task<ChannelDecision> CancelOrderAsync(ChannelCancelAsk ask, CancellationToken ct)
    {
        await MaybeFailAsync(ask.Channel, ct);
        Interlocked.Increment(ref _cancelCalls);
        return _cancellations.GetOrAdd(ask.IdempotencyKey, _ => (clock.GetUtcNow(), ask, Decide(ask))).Immediate;
    }

    public async Task<ChannelDecision> GetCancellationAsync(string channel, string idempotencyKey, CancellationToken ct)
    {
        await MaybeFailAsync(channel, ct);
        if (!_cancellations.TryGetValue(idempotencyKey, out var entry))
        {
            return ChannelDecision.Unknown;
        }

        if (entry.Immediate.Verdict != ChannelVerdict.Pending)
        {
            return entry.Immediate;
        }

        return clock.GetUtcNow() - entry.At >= options.AmazonProcessingDelay ? ChannelDecision.Acknowledged : ChannelDecision.Pending;
    }

    /// <summary>True when the channel behaves like Amazon (configured by name, compared as keys).</summary>
    public bool IsAmazonLike(string channel) => InList(options.AmazonLikeChannels, channel);

    private static bool InList(string? channels, string channel) =>
        (channels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(c => Keys.Same(c, channel));

    private ChannelDecision Decide(ChannelCancelAsk ask)
    {
        if (!IsAmazonLike(ask.Channel))
        {
            return ChannelDecision.Acknowledged;
        }

        if (ask.ReportedShipped || options.ShippedOrderIds.Any(id => Keys.Same(id, ask.ChannelOrderId)))
        {
            return ChannelDecision.Refused(
                $"Order {ask.ChannelOrderId} has already shipped, so it cannot be cancelled; the customer can return it instead.");
        }

        return ChannelDecision.Pending;
    }

    private async Task MaybeFailAsync(string channel, CancellationToken ct)
    {
        if (options.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }

        if (options.Down || InList(options.DownChannels, channel))
        {
            throw new SalesChannelUnavailableException("The sales channel is unavailable (503).");
        }

        lock (options)
        {
            if (options.FailNextCalls > 0)
            {
                options.FailNextCalls--;
                throw new SalesChannelUnavailableException("The sales channel is unavailable (503).");
            }
        }
    }
}

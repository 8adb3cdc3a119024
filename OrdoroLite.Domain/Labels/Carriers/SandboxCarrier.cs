using System.Collections.Concurrent;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>How the sandbox carriers behave; bound from configuration section "Carriers:Sandbox".</summary>
public sealed class SandboxCarrierOptions
{
    /// <summary>Which carrier sells new labels: "USPS" (refunds reviewed) or "UPS" (voided at once).</summary>
    public string LabelCarrier { get; set; } = "USPS";

    /// <summary>How long the USPS-like carrier takes to review a refund.</summary>
    public TimeSpan UspsReviewDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The USPS-like carrier refuses labels older than this.</summary>
    public TimeSpan UspsRefundWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Labels the carrier has scanned (in transit): their refunds are denied.</summary>
    public List<string> ScannedTrackingNumbers { get; set; } = [];

    /// <summary>Fail this many calls transiently before answering (then count down).</summary>
    public int FailNextCalls { get; set; }

    /// <summary>The carrier is down: every call fails transiently until this is switched off.</summary>
    public bool Down { get; set; }

    /// <summary>Calls never answer, as a carrier that hangs does; the caller's timeout ends them.</summary>
    public bool Hang { get; set; }
}

/// <summary>
/// Two made-up carriers: "USPS" reviews a refund after a delay and denies old or scanned labels;
/// "UPS" voids at once. Keeps its refunds by idempotency key, as a real carrier does.
/// </summary>
public sealed class SandboxCarrier(SandboxCarrierOptions options, TimeProvider clock) : ICarrierGateway
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset SubmittedAt, RefundAsk Ask, RefundDecision Immediate)> _refunds = new();
    private int _refundCalls;

    public SandboxCarrier()
        : this(new SandboxCarrierOptions(), TimeProvider.System)
    {
    }

    public SandboxCarrierOptions Options => options;

    /// <summary>Every RequestRefund call that reached the carrier (duplicates included).</summary>
    public int RefundCalls => _refundCalls;

    /// <summary>Distinct refunds the carrier knows about.</summary>
    public int RefundsRecorded => _refunds.Count;

    public LabelQuote BuyLabel(Order order, DateTimeOffset at)
    {
        var carrier = options.LabelCarrier;
        var service = carrier == "UPS" ? "Ground" : "Ground Advantage";
        var prefix = carrier == "UPS" ? "1Z" : "9400";
        var tracking = $"{prefix}{order.Number:D10}{at.ToUnixTimeSeconds() % 100_000:D5}";
        return new LabelQuote(carrier, service, tracking, 450 + (order.ItemCount * 85));
    }

    public async Task<RefundDecision> RequestRefundAsync(RefundAsk ask, CancellationToken ct)
    {
        await MaybeFailAsync(ct);
        Interlocked.Increment(ref _refundCalls);
        var entry = _refunds.GetOrAdd(ask.IdempotencyKey, _ => (clock.GetUtcNow(), ask, Decide(ask)));
        return entry.Immediate;
    }

    public async Task<RefundDecision> GetRefundStatusAsync(string carrier, string idempotencyKey, CancellationToken ct)
    {
        await MaybeFailAsync(ct);
        if (!_refunds.TryGetValue(idempotencyKey, out var entry))
        {
            // The sandbox keeps its refunds in memory: after a restart of the app it no longer knows them.
            return RefundDecision.Unknown;
        }

        if (entry.Immediate.Verdict != RefundVerdict.Pending)
        {
            return entry.Immediate;
        }

        return clock.GetUtcNow() - entry.SubmittedAt >= options.UspsReviewDelay ? RefundDecision.Approved : RefundDecision.Pending;
    }

    private RefundDecision Decide(RefundAsk ask)
    {
        if (ask.Carrier != "USPS")
        {
            return RefundDecision.Approved;
        }

        if (options.ScannedTrackingNumbers.Contains(ask.TrackingNumber))
        {
            return RefundDecision.Denied("The label was scanned by the carrier, so it was used.");
        }

        if (clock.GetUtcNow() - ask.LabelCreatedAt > options.UspsRefundWindow)
        {
            return RefundDecision.Denied($"The label is older than {options.UspsRefundWindow.TotalDays:0} days.");
        }

        return RefundDecision.Pending;
    }

    private async Task MaybeFailAsync(CancellationToken ct)
    {
        if (options.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }

        if (options.Down)
        {
            throw new CarrierUnavailableException("The carrier is unavailable (503).");
        }

        lock (options)
        {
            if (options.FailNextCalls > 0)
            {
                options.FailNextCalls--;
                throw new CarrierUnavailableException("The carrier is unavailable (503).");
            }
        }
    }
}

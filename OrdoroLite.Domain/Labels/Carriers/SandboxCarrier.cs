using System.Collections.Concurrent;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>How the sandbox carriers behave; bound from configuration section "Carriers:Sandbox".</summary>
public sealed class SandboxCarrierOptions
{
    /// <summary>Which carrier sells new labels: "USPS" (default), "UPS", "FedEx" or "DHL"; its rules are its profile's.</summary>
    public string LabelCarrier { get; set; } = "USPS";

    /// <summary>
    /// How long the sandbox takes to review a refund its carrier's profile holds or reviews (USPS):
    /// the real hold and review take weeks; the sandbox compresses them so a demo sees an answer.
    /// </summary>
    public TimeSpan ReviewDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Labels the carrier has scanned (in transit): reported as tracking updates, and their refunds denied.</summary>
    public List<string> ScannedTrackingNumbers { get; set; } = [];

    /// <summary>When set, every label the sandbox sells is scanned this long after it was bought (unless voided first).</summary>
    public TimeSpan? ScanAfter { get; set; }

    /// <summary>Fail this many calls transiently before answering (then count down).</summary>
    public int FailNextCalls { get; set; }

    /// <summary>The carrier is down: every call fails transiently until this is switched off.</summary>
    public bool Down { get; set; }

    /// <summary>Calls never answer, as a carrier that hangs does; the caller's timeout ends them.</summary>
    public bool Hang { get; set; }
}

/// <summary>
/// Made-up carriers that follow their profiles (<see cref="CarrierRules"/>): one that holds and
/// reviews (USPS) answers after <see cref="SandboxCarrierOptions.ReviewDelay"/>; the others void
/// at once; every one refuses a scanned label and one past its refund window. Keeps its refunds by
/// idempotency key, as a real carrier does, and its scans, in memory.
/// </summary>
public sealed class SandboxCarrier(SandboxCarrierOptions options, TimeProvider clock, CarrierRules rules) : ICarrierGateway
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset SubmittedAt, RefundAsk Ask, RefundDecision Immediate)> _refunds = new();
    private readonly ConcurrentDictionary<string, (string Carrier, DateTimeOffset SoldAt)> _sold = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _scanned = new();
    private int _refundCalls;

    public SandboxCarrier()
        : this(new SandboxCarrierOptions(), TimeProvider.System, CarrierRules.Default)
    {
    }

    public SandboxCarrier(SandboxCarrierOptions options, TimeProvider clock)
        : this(options, clock, CarrierRules.Default)
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
        var (service, prefix) = carrier.ToUpperInvariant() switch
        {
            "UPS" => ("Ground", "1Z"),
            "FEDEX" => ("Home Delivery", "77"),
            "DHL" => ("Express Worldwide", "JD"),
            _ => ("Ground Advantage", "9400"),
        };
        var tracking = $"{prefix}{order.Number:D10}{at.ToUnixTimeSeconds() % 100_000:D5}";
        if (options.ScanAfter is not null)
        {
            _sold[tracking] = (carrier, at.ToUniversalTime());
        }

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

        return clock.GetUtcNow() - entry.SubmittedAt >= options.ReviewDelay ? RefundDecision.Approved : RefundDecision.Pending;
    }

    public async Task<IReadOnlyList<TrackingScan>> GetScansAsync(DateTimeOffset since, CancellationToken ct)
    {
        await MaybeFailAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var tracking in options.ScannedTrackingNumbers.ToList())
        {
            // A number put on the list is scanned from the moment the sandbox first sees it there.
            _scanned.TryAdd(tracking, now);
        }

        var voided = _refunds.Values.Where(r => r.Immediate.Verdict != RefundVerdict.Denied).Select(r => r.Ask.TrackingNumber).ToHashSet();
        foreach (var (tracking, sold) in _sold)
        {
            if (options.ScanAfter is { } after && sold.SoldAt + after <= now && !voided.Contains(tracking))
            {
                _scanned.TryAdd(tracking, sold.SoldAt + after);
            }
        }

        return _scanned
            .Where(s => s.Value >= since)
            .OrderBy(s => s.Value)
            .Select(s => new TrackingScan(_sold.TryGetValue(s.Key, out var sold) ? sold.Carrier : options.LabelCarrier, s.Key, s.Value))
            .ToList();
    }

    private RefundDecision Decide(RefundAsk ask)
    {
        var profile = rules.ProfileOf(ask.Carrier);
        if (options.ScannedTrackingNumbers.Contains(ask.TrackingNumber) || _scanned.ContainsKey(ask.TrackingNumber))
        {
            return RefundDecision.Denied(profile.Billing == CarrierBilling.OnScan
                ? "The label was scanned by the carrier, so it is billed."
                : "The label was scanned by the carrier, so it was used.");
        }

        if (profile.RefundWindow is { } window && ask.RequestedAt - ask.LabelCreatedAt >= window)
        {
            return RefundDecision.Denied($"The label is older than {CarrierRules.Describe(window)}.");
        }

        return profile.VoidsAtOnce ? RefundDecision.Approved : RefundDecision.Pending;
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

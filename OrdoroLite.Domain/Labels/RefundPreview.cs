using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Labels;

/// <summary>
/// Before labels are deleted (the Cancel Order(s) dialog's box, the Delete Label(s) dialog): for the
/// Active labels the action would delete, how many the carriers will refund, how many were never
/// billed (a bill-on-scan carrier's unscanned label), how many they will refuse and why — each label
/// asked of <see cref="CarrierRules.Assess"/>, the rule the deletion itself applies. Amounts in cents.
/// </summary>
/// <param name="Labels">Labels the action would delete.</param>
/// <param name="Refunds">Labels whose postage the carrier will refund.</param>
/// <param name="RefundCents">Their postage.</param>
/// <param name="NotBilled">Unscanned labels of carriers that bill only scanned ones: deleting them costs nothing.</param>
/// <param name="NotBilledCents">Their postage, never charged.</param>
/// <param name="Refused">The refusals, by carrier and cause, largest amount first.</param>
public sealed record RefundPreview(int Labels, int Refunds, long RefundCents, int NotBilled, long NotBilledCents, IReadOnlyList<RefusalGroup> Refused)
{
    public static RefundPreview None { get; } = new(0, 0, 0, 0, 0, []);

    /// <summary>Postage expected back (refunded, or never charged), in cents.</summary>
    public long BackCents => RefundCents + NotBilledCents;

    public int RefusedCount => Refused.Sum(r => r.Count);

    public long RefusedCents => Refused.Sum(r => r.Cents);

    /// <summary>Groups what deleting these labels at one instant brings.</summary>
    public static RefundPreview Of(IEnumerable<RefundOutlook> outlooks, CarrierRules carriers)
    {
        var all = outlooks.ToList();
        var refunds = all.Where(o => o.Kind == RefundOutlookKind.Refund).ToList();
        var notBilled = all.Where(o => o.Kind == RefundOutlookKind.NotBilled).ToList();
        var refused = all
            .Where(o => o.IsRefused)
            .GroupBy(o => (o.Carrier, Cause: o.Cause!.Value))
            .Select(g => new RefusalGroup(g.Key.Carrier, g.Key.Cause, g.Count(), g.Sum(o => o.CostCents),
                carriers.ProfileOf(g.Key.Carrier).Billing,
                carriers.ProfileOf(g.Key.Carrier).RefundWindow is { } window ? CarrierRules.Describe(window) : null))
            .OrderByDescending(g => g.Cents).ThenBy(g => g.Carrier, StringComparer.Ordinal).ThenBy(g => g.Cause)
            .ToList();
        return new RefundPreview(all.Count, refunds.Count, refunds.Sum(o => o.CostCents), notBilled.Count, notBilled.Sum(o => o.CostCents), refused);
    }
}

/// <summary>Labels one carrier will refuse for one cause, with their postage in cents.</summary>
/// <param name="Billing">How the carrier bills: a scanned label of a bill-on-scan carrier is billed rather than "refused".</param>
/// <param name="Window">The carrier's refund window in words ("30 days"), for <see cref="RefusalCause.WindowPassed"/>.</param>
public sealed record RefusalGroup(string Carrier, RefusalCause Cause, int Count, long Cents, CarrierBilling Billing, string? Window);

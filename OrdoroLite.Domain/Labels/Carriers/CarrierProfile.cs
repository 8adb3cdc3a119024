namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>When a carrier charges for a label.</summary>
public enum CarrierBilling
{
    /// <summary>Paid when bought; deleting it asks for the money back (USPS, UPS).</summary>
    AtPurchase,

    /// <summary>Billed only once the carrier scans the package, so an unscanned label costs nothing (FedEx, DHL).</summary>
    OnScan,
}

/// <summary>
/// One carrier's refund rules, as data: read by the dialogs' warnings, the label deletion (which
/// records a refusal at once instead of asking the carrier for nothing), the sandbox carrier, the
/// kept-labels list and the report (<see cref="CarrierRules"/> applies them). Bound from
/// configuration section <c>Carriers:Profiles:{carrier}</c>; the defaults are
/// <see cref="CarrierProfiles.Defaults"/>. A label the carrier has scanned is never refundable,
/// whatever the profile: it was used (or, for <see cref="CarrierBilling.OnScan"/>, billed).
/// </summary>
public sealed class CarrierProfile
{
    public CarrierBilling Billing { get; set; } = CarrierBilling.AtPurchase;

    /// <summary>
    /// A refund must be asked for before the label is this old (calendar time from its creation,
    /// e.g. USPS's 30 days); null: no limit while the label is unscanned.
    /// </summary>
    public TimeSpan? RefundWindow { get; set; }

    /// <summary>How long the carrier holds a request before it reviews it (calendar time; USPS: 14 days). Zero: none.</summary>
    public TimeSpan Hold { get; set; }

    /// <summary>Business days after the hold within which the carrier decides (USPS: about 10). Zero: at once (a void).</summary>
    public int ReviewBusinessDays { get; set; }

    /// <summary>Business days after the hold within which the credit is expected (USPS: 14). Zero: with the decision.</summary>
    public int CreditBusinessDays { get; set; }

    /// <summary>Where the rule comes from (the carrier's published rule as Ordoro documents it), for docs/refunds.md and the screens.</summary>
    public string Source { get; set; } = "";

    /// <summary>True when the carrier answers at once (no hold, no review): a void.</summary>
    public bool VoidsAtOnce => Hold <= TimeSpan.Zero && ReviewBusinessDays <= 0;

    public CarrierProfile Copy() => (CarrierProfile)MemberwiseClone();

    /// <summary>What is wrong with this profile, as sentences naming the setting; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems(string carrier)
    {
        var problems = new List<string>();
        if (RefundWindow is { } window && window <= TimeSpan.Zero)
        {
            problems.Add($"Carriers:Profiles:{carrier}:RefundWindow is {window}; it must be longer than zero, or left out for no limit.");
        }

        if (Hold < TimeSpan.Zero)
        {
            problems.Add($"Carriers:Profiles:{carrier}:Hold is {Hold}; it cannot be negative.");
        }

        if (ReviewBusinessDays is < 0 or > 365)
        {
            problems.Add($"Carriers:Profiles:{carrier}:ReviewBusinessDays is {ReviewBusinessDays}; it must be between 0 and 365.");
        }

        if (CreditBusinessDays is < 0 or > 365)
        {
            problems.Add($"Carriers:Profiles:{carrier}:CreditBusinessDays is {CreditBusinessDays}; it must be between 0 and 365.");
        }

        return problems;
    }
}

/// <summary>The default profiles (docs/refunds.md, "Carrier rules", has the same table with its sources).</summary>
public static class CarrierProfiles
{
    public const string UspsSource = "https://support.ordoro.com/label-refund-usps/ (unscanned, within 30 days, audit up to 10 business days); " +
        "https://blog.ordoro.com/2025/10/23/usps-unused-label-refund-delay/ (14-day hold since 2025-10-18); " +
        "https://support.ordoro.com/how-to-delete-a-label/ (credited within 14 business days)";

    public const string DeleteLabelSource = "https://support.ordoro.com/how-to-delete-a-label/";

    /// <summary>A carrier no profile names: asked for its refund, with no deadline or review time known.</summary>
    public static CarrierProfile Unknown { get; } = new()
    {
        Billing = CarrierBilling.AtPurchase,
        Source = "no published rule on file: the refund is asked of the carrier, which decides",
    };

    /// <summary>USPS, UPS, FedEx and DHL as Ordoro documents their rules; a new dictionary each call (configuration changes it).</summary>
    public static Dictionary<string, CarrierProfile> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["USPS"] = new()
        {
            Billing = CarrierBilling.AtPurchase,
            RefundWindow = TimeSpan.FromDays(30),
            Hold = TimeSpan.FromDays(14),
            ReviewBusinessDays = 10,
            CreditBusinessDays = 14,
            Source = UspsSource,
        },
        ["UPS"] = new()
        {
            Billing = CarrierBilling.AtPurchase,
            Source = DeleteLabelSource + " (UPS: the label is voided in the UPS account at once)",
        },
        ["FedEx"] = new()
        {
            Billing = CarrierBilling.OnScan,
            Source = DeleteLabelSource + " (FedEx: invoiced only if the label enters the mail stream)",
        },
        ["DHL"] = new()
        {
            Billing = CarrierBilling.OnScan,
            Source = DeleteLabelSource + " (DHL: invoiced only if the label enters the mail stream)",
        },
    };
}

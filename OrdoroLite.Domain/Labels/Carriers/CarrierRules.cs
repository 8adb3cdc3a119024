using System.Globalization;

namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>What the carrier rules read of a label: who sold it, when, whether the carrier scanned it, what it cost (cents).</summary>
/// <param name="CreatedAt">UTC.</param>
/// <param name="ScannedAt">UTC; null while the carrier has not scanned it (as far as a tracking update told us).</param>
public sealed record LabelFacts(string Carrier, DateTimeOffset CreatedAt, DateTimeOffset? ScannedAt, long CostCents);

/// <summary>
/// The carrier profiles (<see cref="CarrierProfile"/>) and the business-day calendar, applied: the
/// one place that says whether deleting a label now brings its postage back, until when a kept
/// label can still be refunded, and where a refund stands on the carrier's clock. The dialogs, the
/// label deletion, the sandbox carrier, the kept-labels list and the report all ask here.
/// </summary>
public sealed class CarrierRules
{
    private readonly Dictionary<string, CarrierProfile> _profiles;

    public CarrierRules(IReadOnlyDictionary<string, CarrierProfile> profiles, BusinessCalendar calendar)
    {
        _profiles = new Dictionary<string, CarrierProfile>(profiles, StringComparer.OrdinalIgnoreCase);
        Calendar = calendar;
    }

    /// <summary>The default profiles, weekends as the only days off.</summary>
    public static CarrierRules Default { get; } = new(CarrierProfiles.Defaults(), BusinessCalendar.WeekendsOnly);

    public BusinessCalendar Calendar { get; }

    /// <summary>The carriers that have a profile, by name.</summary>
    public IReadOnlyDictionary<string, CarrierProfile> Profiles => _profiles;

    /// <summary>The carrier's profile (names compared ignoring case), or <see cref="CarrierProfiles.Unknown"/>.</summary>
    public CarrierProfile ProfileOf(string carrier) => _profiles.GetValueOrDefault(carrier) ?? CarrierProfiles.Unknown;

    /// <summary>
    /// The last instant (exclusive, UTC) a refund of the label can be asked for: its scan, once
    /// scanned (it was used); else its creation + the carrier's <see cref="CarrierProfile.RefundWindow"/>;
    /// null when no window applies (an unscanned label of a carrier without one).
    /// </summary>
    public DateTimeOffset? WindowClosesAt(LabelFacts label)
    {
        if (label.ScannedAt is { } scanned)
        {
            return scanned.ToUniversalTime();
        }

        return ProfileOf(label.Carrier).RefundWindow is { } window ? label.CreatedAt.ToUniversalTime() + window : null;
    }

    /// <summary>True while deleting the label at <paramref name="at"/> would bring its postage back (or cost nothing).</summary>
    public bool IsWindowOpen(LabelFacts label, DateTimeOffset at) => WindowClosesAt(label) is not { } closes || at < closes;

    /// <summary>
    /// What deleting the label at <paramref name="at"/> brings: a refund the carrier will review or
    /// void, nothing billed (a bill-on-scan carrier's unscanned label), or a refusal with its cause
    /// and a sentence — the carrier refuses a scanned label, and a label past its window.
    /// </summary>
    public RefundOutlook Assess(LabelFacts label, DateTimeOffset at)
    {
        var profile = ProfileOf(label.Carrier);
        var closes = WindowClosesAt(label);
        if (label.ScannedAt is { } scanned)
        {
            var why = profile.Billing == CarrierBilling.OnScan
                ? $"{label.Carrier} scanned the label on {Utc(scanned)}, so it is billed; no refund comes back."
                : $"{label.Carrier} scanned the label on {Utc(scanned)}: it was used, so {label.Carrier} refuses its refund.";
            return new RefundOutlook(RefundOutlookKind.Refused, label.Carrier, label.CostCents, closes, RefusalCause.Scanned, why);
        }

        if (closes is { } end && at >= end)
        {
            var window = Describe(profile.RefundWindow!.Value);
            var why = $"The label is older than {window} (created on {Utc(label.CreatedAt)}); {label.Carrier} refunds a label " +
                $"only within {window} of its creation, so it refuses this refund.";
            return new RefundOutlook(RefundOutlookKind.Refused, label.Carrier, label.CostCents, closes, RefusalCause.WindowPassed, why);
        }

        return profile.Billing == CarrierBilling.OnScan
            ? new RefundOutlook(RefundOutlookKind.NotBilled, label.Carrier, label.CostCents, closes)
            : new RefundOutlook(RefundOutlookKind.Refund, label.Carrier, label.CostCents, closes);
    }

    /// <summary>
    /// Whether the window of every label of <paramref name="carrier"/> created in [<paramref name="createdFrom"/>,
    /// <paramref name="createdTo"/>) is open or closed at <paramref name="now"/>, or differs among them
    /// (<see cref="WindowSplit.Mixed"/>: the report then asks those labels one by one). The report's
    /// summaries keep kept labels by carrier, UTC day of creation and scanned, so this is how they split.
    /// </summary>
    public WindowSplit Split(string carrier, DateTimeOffset createdFrom, DateTimeOffset createdTo, bool scanned, DateTimeOffset now)
    {
        if (scanned)
        {
            return WindowSplit.Closed;
        }

        if (ProfileOf(carrier).RefundWindow is not { } window)
        {
            return WindowSplit.Open;
        }

        // A window closes at creation + window; the labels of the range close between the first's and the last's.
        return now < createdFrom + window ? WindowSplit.Open
            : now >= createdTo.AddTicks(-1) + window ? WindowSplit.Closed
            : WindowSplit.Mixed;
    }

    /// <summary>
    /// Where a refund stands on its carrier's clock at <paramref name="now"/>: requested (a void
    /// expected at once), held until a date, in review with the date a decision is due (overdue
    /// after it), approved or refused. Dates are UTC instants; business days per <see cref="Calendar"/>.
    /// </summary>
    public RefundStage Stage(string carrier, RefundState state, DateTimeOffset requestedAt, DateTimeOffset? decidedAt, string? denialReason,
        DateTimeOffset now)
    {
        var profile = ProfileOf(carrier);
        requestedAt = requestedAt.ToUniversalTime();
        DateTimeOffset? heldUntil = profile.Hold > TimeSpan.Zero ? requestedAt + profile.Hold : null;
        var reviewFrom = heldUntil ?? requestedAt;
        DateTimeOffset? decisionBy = profile.ReviewBusinessDays > 0 ? Calendar.AddBusinessDays(reviewFrom, profile.ReviewBusinessDays) : null;
        DateTimeOffset? creditBy = profile.CreditBusinessDays > 0 ? Calendar.AddBusinessDays(reviewFrom, profile.CreditBusinessDays) : null;
        var step = state switch
        {
            RefundState.Approved => RefundStep.Approved,
            RefundState.Denied => RefundStep.Refused,
            _ when heldUntil is { } held && now < held => RefundStep.Held,
            _ when decisionBy is not null => RefundStep.InReview,
            _ => RefundStep.Requested,
        };
        var overdue = step is RefundStep.InReview && now > decisionBy;
        return new RefundStage(step, requestedAt, heldUntil, decisionBy, creditBy, decidedAt, step == RefundStep.Refused ? denialReason : null, overdue);
    }

    /// <summary>"30 days", "1 hour": a window in words.</summary>
    public static string Describe(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)window.TotalDays, "day")
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)window.TotalHours, "hour")
        : Plural((int)Math.Ceiling(window.TotalMinutes), "minute");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n.ToString(CultureInfo.InvariantCulture)} {unit}s";

    // Stored sentences (a refund's reason, the timeline) are read on every server alike: UTC, invariant.
    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>Whether a group of kept labels can still be refunded.</summary>
public enum WindowSplit
{
    Open,
    Closed,
    Mixed,
}

public enum RefundOutlookKind
{
    /// <summary>The carrier will refund it (a void, or after its review).</summary>
    Refund,

    /// <summary>Never billed: the carrier bills only scanned labels, and this one was not scanned.</summary>
    NotBilled,

    /// <summary>The carrier will refuse: see <see cref="RefusalCause"/>.</summary>
    Refused,
}

public enum RefusalCause
{
    Scanned,
    WindowPassed,
}

/// <summary>What deleting one label brings (<see cref="CarrierRules.Assess"/>).</summary>
/// <param name="CostCents">The label's postage, in cents.</param>
/// <param name="WindowClosesAt">UTC; null when no window applies.</param>
/// <param name="Reason">For a refusal, the sentence the refund records (UTC times).</param>
public sealed record RefundOutlook(
    RefundOutlookKind Kind,
    string Carrier,
    long CostCents,
    DateTimeOffset? WindowClosesAt,
    RefusalCause? Cause = null,
    string? Reason = null)
{
    public bool IsRefused => Kind == RefundOutlookKind.Refused;

    /// <summary>Postage that comes back (or is never charged), in cents: all of it unless refused.</summary>
    public long BackCents => IsRefused ? 0 : CostCents;
}

public enum RefundStep
{
    /// <summary>Asked; the carrier voids at once (no hold, no review).</summary>
    Requested,

    /// <summary>The carrier holds it until <see cref="RefundStage.HeldUntil"/>.</summary>
    Held,

    /// <summary>Under review; a decision is due by <see cref="RefundStage.DecisionBy"/>.</summary>
    InReview,

    Approved,
    Refused,
}

/// <summary>A refund on its carrier's clock (<see cref="CarrierRules.Stage"/>); instants in UTC.</summary>
/// <param name="CreditBy">When the credit is expected at the latest (null: with the decision).</param>
/// <param name="DecidedAt">When it was approved or refused; null if unknown (refunds decided before it was recorded).</param>
/// <param name="Why">A refusal's reason.</param>
/// <param name="Overdue">In review past the date its decision was due.</param>
public sealed record RefundStage(
    RefundStep Step,
    DateTimeOffset RequestedAt,
    DateTimeOffset? HeldUntil,
    DateTimeOffset? DecisionBy,
    DateTimeOffset? CreditBy,
    DateTimeOffset? DecidedAt,
    string? Why,
    bool Overdue);

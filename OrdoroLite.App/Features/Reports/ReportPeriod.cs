using System.Globalization;
using OrdoroLite.App.Features.Shared;

namespace OrdoroLite.App.Features.Reports;

public enum PeriodPreset
{
    Last7Days,
    Last30Days,
    Last90Days,
    Custom,
}

/// <summary>
/// A period the manager picked, as local calendar dates (both included), turned into the UTC
/// instants [From, To) the report counts order dates in: local midnight of the first day to local
/// midnight after the last day, in the viewer's time zone.
/// </summary>
public sealed record ReportPeriod(DateOnly FirstDay, DateOnly LastDay)
{
    public static string Describe(PeriodPreset preset) => preset switch
    {
        PeriodPreset.Last7Days => "Last 7 days",
        PeriodPreset.Last30Days => "Last 30 days",
        PeriodPreset.Last90Days => "Last 90 days",
        _ => "Custom range",
    };

    /// <summary>"Last N days" is today and the N − 1 days before it.</summary>
    public static ReportPeriod Last(int days, DateOnly today) => new(today.AddDays(-(days - 1)), today);

    public static ReportPeriod For(PeriodPreset preset, DateOnly today, DateOnly? customFirst, DateOnly? customLast) => preset switch
    {
        PeriodPreset.Last7Days => Last(7, today),
        PeriodPreset.Last90Days => Last(90, today),
        PeriodPreset.Custom when customFirst is { } first && customLast is { } last => new ReportPeriod(first, last),
        _ => Last(30, today),
    };

    public bool IsValid => LastDay >= FirstDay;

    public DateTimeOffset FromUtc(TimeZoneInfo zone) => LocalDays.Midnight(FirstDay, zone);

    public DateTimeOffset ToUtc(TimeZoneInfo zone) => LocalDays.Midnight(LastDay.AddDays(1), zone);

    public override string ToString() =>
        $"{FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>How the report's figures read on screen; an empty rate is "—".</summary>
public static class ReportFormat
{
    public const string NoValue = "—";

    public static string Rate(decimal? rate) =>
        rate is { } r ? (r * 100m).ToString("0.0", CultureInfo.InvariantCulture) + " %" : NoValue;

    public static string Points(decimal? points) => points switch
    {
        null => NoValue,
        > 0 => "+" + points.Value.ToString("0.0", CultureInfo.InvariantCulture) + " pts",
        < 0 => "−" + (-points.Value).ToString("0.0", CultureInfo.InvariantCulture) + " pts",
        _ => "0.0 pts",
    };

    public static string Money(long cents) => Shared.Money.Format(cents);

    public static string Count(int count) => count.ToString("#,##0", CultureInfo.InvariantCulture);
}

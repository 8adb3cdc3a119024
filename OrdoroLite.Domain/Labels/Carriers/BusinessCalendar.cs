namespace OrdoroLite.Domain.Labels.Carriers;

/// <summary>
/// The carriers' business days: Monday to Friday, less the holidays of configuration
/// (<c>Carriers:Holidays</c>, dates). Computed on UTC dates: a carrier's clock does not depend on
/// the viewer, whose screen shows the result in their own time zone.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(IEnumerable<DateOnly> holidays)
    {
        _holidays = holidays.ToHashSet();
    }

    /// <summary>Weekends only, no holidays.</summary>
    public static BusinessCalendar WeekendsOnly { get; } = new([]);

    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    public bool IsBusinessDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>
    /// The instant <paramref name="days"/> business days after <paramref name="from"/>, at the same
    /// UTC time of day: each step moves to the next UTC date that is a business day. So Friday 10:00
    /// + 1 is Monday 10:00, and Saturday 10:00 + 1 is Monday 10:00 too. Zero or less returns
    /// <paramref name="from"/> (in UTC).
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset from, int days)
    {
        var at = from.ToUniversalTime();
        for (var added = 0; added < days;)
        {
            at = at.AddDays(1);
            if (IsBusinessDay(DateOnly.FromDateTime(at.UtcDateTime)))
            {
                added++;
            }
        }

        return at;
    }
}

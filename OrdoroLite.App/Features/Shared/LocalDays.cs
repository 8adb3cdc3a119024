using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Shared;

/// <summary>
/// Calendar days as a person means them — in their own time zone, both ends included — turned into
/// the UTC instants the Domain counts in: from local midnight of the first day to local midnight
/// after the last. The report's period and the Orders filters use this one conversion, so a report
/// row and the orders its link opens cover the same instants.
/// </summary>
public static class LocalDays
{
    /// <summary>The instants of the days from <paramref name="first"/> to <paramref name="last"/>; null ends stay open.</summary>
    public static InstantRange? Range(DateOnly? first, DateOnly? last, TimeZoneInfo zone) =>
        first is null && last is null
            ? null
            : new InstantRange(first is { } f ? Midnight(f, zone) : null, last is { } l ? Midnight(l.AddDays(1), zone) : null);

    /// <summary>The first instant of <paramref name="day"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a DST change skips midnight, the day starts at the first instant that exists.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}

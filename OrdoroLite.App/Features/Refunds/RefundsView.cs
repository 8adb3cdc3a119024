using System.Globalization;
using OrdoroLite.Domain.Labels.Refunds;

namespace OrdoroLite.App.Features.Refunds;

/// <summary>
/// The /refunds list as its URL carries it: <c>?state=approved&amp;cancelled=1&amp;from=2026-10-01&amp;to=2026-10-30</c>.
/// The report's label-cost figures link here so the list holds what a figure counts: refunds of
/// orders cancelled now and placed in the report's days (the viewer's days, as on the report).
/// </summary>
/// <param name="Problem">A sentence about a part of the URL that was not understood (and ignored), or null.</param>
public sealed record RefundsView(RefundFilter Filter, bool OnCancelledOrders, DateOnly? From, DateOnly? To, string? Problem = null)
{
    public static string Url(RefundFilter filter, bool onCancelledOrders = false, DateOnly? from = null, DateOnly? to = null)
    {
        var parts = new List<string> { $"state={filter.ToString().ToLowerInvariant()}" };
        if (onCancelledOrders)
        {
            parts.Add("cancelled=1");
        }

        if (from is { } f)
        {
            parts.Add($"from={f:yyyy-MM-dd}");
        }

        if (to is { } t)
        {
            parts.Add($"to={t:yyyy-MM-dd}");
        }

        return "/refunds?" + string.Join("&", parts);
    }

    /// <summary>Reads the URL's values; one it does not understand is left out and said so.</summary>
    public static RefundsView Parse(string? state, string? cancelled, string? from, string? to)
    {
        var problems = new List<string>();
        var filter = RefundFilter.All;
        if (!string.IsNullOrEmpty(state) && !(Enum.TryParse(state, ignoreCase: true, out filter) && Enum.IsDefined(filter)))
        {
            filter = RefundFilter.All;
            problems.Add($"The state \"{state}\" is not one of {string.Join(", ", Enum.GetNames<RefundFilter>())}; all refunds are shown.");
        }

        var first = Day(from, "from", problems);
        var last = Day(to, "to", problems);
        if (first is { } f && last is { } l && l < f)
        {
            problems.Add($"The last day {l:yyyy-MM-dd} comes before the first {f:yyyy-MM-dd}; the days are ignored.");
            (first, last) = (null, null);
        }

        return new RefundsView(filter, cancelled is "1" or "true", first, last, problems.Count == 0 ? null : string.Join(" ", problems));
    }

    internal static DateOnly? Day(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add($"\"{text}\" is not a day (yyyy-MM-dd) for {name}; it is ignored.");
        return null;
    }
}

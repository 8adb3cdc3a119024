using OrdoroLite.App.Features.Refunds;
using OrdoroLite.Domain.Labels;

namespace OrdoroLite.App.Features.Labels;

/// <summary>
/// The kept-labels list as its URL carries it: <c>/labels/kept?window=open&amp;from=2026-10-01&amp;to=2026-10-30</c>
/// (the report's lost and recoverable figures link here with their period, in the viewer's days).
/// </summary>
/// <param name="Problem">A sentence about a part of the URL that was not understood (and ignored), or null.</param>
public sealed record KeptLabelsView(KeptWindow Window, DateOnly? From, DateOnly? To, string? Problem = null)
{
    public const string Path = "/labels/kept";

    public static string Url(KeptWindow window = KeptWindow.Open, DateOnly? from = null, DateOnly? to = null)
    {
        var url = $"{Path}?window={window.ToString().ToLowerInvariant()}";
        url += from is { } f ? $"&from={f:yyyy-MM-dd}" : "";
        url += to is { } t ? $"&to={t:yyyy-MM-dd}" : "";
        return url;
    }

    /// <summary>Reads the URL's values; one it does not understand is left out and said so.</summary>
    public static KeptLabelsView Parse(string? window, string? from, string? to)
    {
        var problems = new List<string>();
        var which = KeptWindow.Open;
        if (!string.IsNullOrEmpty(window) && !(Enum.TryParse(window, ignoreCase: true, out which) && Enum.IsDefined(which)))
        {
            which = KeptWindow.Open;
            problems.Add($"The window \"{window}\" is not one of open, closed, all; the labels still refundable are shown.");
        }

        var first = RefundsView.Day(from, "from", problems);
        var last = RefundsView.Day(to, "to", problems);
        if (first is { } f && last is { } l && l < f)
        {
            problems.Add($"The last day {l:yyyy-MM-dd} comes before the first {f:yyyy-MM-dd}; the days are ignored.");
            (first, last) = (null, null);
        }

        return new KeptLabelsView(which, first, last, problems.Count == 0 ? null : string.Join(" ", problems));
    }
}

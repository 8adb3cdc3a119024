using Microsoft.JSInterop;

namespace OrdoroLite.App.Features.Common;

/// <summary>
/// The viewer's time zone, asked once per circuit from the browser (Intl API), so instants stored
/// in UTC are shown in the viewer's local time. Until it is known (prerendering, or JS failing)
/// times are shown in UTC and say so.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ?? TimeZoneInfo.Utc;

    public bool IsKnown => _zone is not null;

    /// <summary>Call from OnAfterRenderAsync: JS is not available while prerendering.</summary>
    public async Task<bool> LoadAsync()
    {
        if (_zone is not null)
        {
            return false;
        }

        try
        {
            var module = await js.InvokeAsync<IJSObjectReference?>("import", "./js/browser-time.js");
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            _zone = string.IsNullOrEmpty(id) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is JSException or TimeZoneNotFoundException or InvalidTimeZoneException
            or InvalidOperationException or TaskCanceledException)
        {
            _zone = TimeZoneInfo.Utc;
        }

        return true;
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public string Format(DateTimeOffset instant) =>
        ToLocal(instant).ToString("MMM d, yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        + (IsKnown && Zone != TimeZoneInfo.Utc ? "" : " UTC");
}

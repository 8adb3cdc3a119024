using System.Globalization;
using Microsoft.JSInterop;

namespace OrdoroLite.App.Features.Shared;

/// <summary>
/// Shows UTC instants in the viewer's time zone. The server cannot know that zone, so one small
/// JS call asks the browser for its IANA name (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>)
/// once per circuit; .NET maps it with <see cref="TimeZoneInfo"/>. Until then (prerendering) and when
/// the browser gives nothing usable, times are shown in UTC and say so.
/// </summary>
public sealed class LocalTime(IJSRuntime js)
{
    public const string ModulePath = "./js/local-time.js";

    private Task<TimeZoneInfo>? _resolving;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>"UTC" or the browser's zone name, e.g. "Europe/Paris".</summary>
    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary>
    /// Asks the browser for its zone; call from <c>OnAfterRenderAsync</c> (JS is not available while
    /// prerendering). Returns true when the zone is not UTC, i.e. the component should render again.
    /// </summary>
    public async Task<bool> ResolveAsync()
    {
        Zone = await (_resolving ??= ReadBrowserZoneAsync());
        return Zone != TimeZoneInfo.Utc;
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Date and time in the viewer's zone, e.g. "2026-11-02 16:30".</summary>
    public string Format(DateTimeOffset instant) =>
        ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private async Task<TimeZoneInfo> ReadBrowserZoneAsync()
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", ModulePath);
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // No browser (prerendering, a closed tab) or an odd zone name: UTC is honest and labelled.
            return TimeZoneInfo.Utc;
        }
    }
}

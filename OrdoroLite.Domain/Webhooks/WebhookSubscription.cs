using System.Security.Cryptography;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Webhooks;

/// <summary>
/// A URL that receives some webhook events, signed with its own secret. Never deleted (its
/// delivery log refers to it): a manager disables it. <see cref="LastEventId"/> is its place in the
/// timeline: events after it have no delivery row yet.
/// </summary>
public sealed class WebhookSubscription
{
    public const int UrlMaxLength = 2000;

    /// <summary>Every secret starts with this, so a leaked one is recognisable.</summary>
    public const string SecretPrefix = "whsec_";

    private WebhookSubscription()
    {
        Url = "";
        Events = "";
        Secret = "";
        CreatedById = "";
        CreatedByName = "";
    }

    public int Id { get; private set; }

    public string Url { get; private set; }

    /// <summary>Comma-separated <see cref="WebhookEvents"/> names.</summary>
    public string Events { get; private set; }

    /// <summary>
    /// The HMAC key (its UTF-8 bytes), shown once. Kept as is because signing needs it; whoever can
    /// read the database can read it, as they can the Data Protection keys (docs/security.md).
    /// </summary>
    public string Secret { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedById { get; private set; }

    public string CreatedByName { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>The newest timeline event id this subscription has considered (a delivery row exists for each matching one up to here).</summary>
    public long LastEventId { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsEnabled => DisabledAt is null;

    /// <summary>A new subscription; it starts after <paramref name="lastEventId"/> (no past events are sent).</summary>
    internal static WebhookSubscription Create(Uri url, IReadOnlyList<string> events, Actor by, DateTimeOffset at, long lastEventId) => new()
    {
        Url = url.AbsoluteUri,
        Events = string.Join(',', events),
        Secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        CreatedAt = at.ToUniversalTime(),
        CreatedById = by.Id,
        CreatedByName = by.Name.Length <= 100 ? by.Name : by.Name[..100],
        LastEventId = lastEventId,
    };

    internal void SetEnabled(bool enabled, DateTimeOffset at) => DisabledAt = enabled ? null : at.ToUniversalTime();
}

namespace OrdoroLite.Domain.Common;

/// <summary>
/// Who did something. The App builds it on the server from the authenticated principal,
/// never from anything the browser sends.
/// </summary>
public sealed record Actor(string Id, string Name)
{
    /// <summary>The prefix of a sales channel's actor id ("channel:SHOPIFY").</summary>
    public const string ChannelIdPrefix = "channel:";

    /// <summary>True when a sales channel did it (the customer cancelled there), not staff or a job.</summary>
    public bool IsChannel => IsChannelId(Id);

    /// <summary>True when a stored actor id (an event's, a cancellation's) is a sales channel's.</summary>
    public static bool IsChannelId(string? id) => id?.StartsWith(ChannelIdPrefix, StringComparison.Ordinal) == true;

    /// <summary>Work done by a scheduled job rather than a person (imports, the refund worker).</summary>
    public static Actor System(string jobName) => new($"system:{jobName}", jobName);

    /// <summary>
    /// A sales channel acting on its own order, e.g. a customer who cancelled on Shopify
    /// (docs/channels.md, "In"): its id is the channel as a key (<see cref="Keys"/>), so two
    /// spellings are one actor; its name is the channel as the order spells it.
    /// </summary>
    public static Actor Channel(string channel) => new(ChannelIdPrefix + Keys.Of(channel), channel);
}

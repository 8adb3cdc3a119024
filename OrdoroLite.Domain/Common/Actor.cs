namespace OrdoroLite.Domain.Common;

/// <summary>
/// Who did something. The App builds it on the server from the authenticated principal,
/// never from anything the browser sends.
/// </summary>
public sealed record Actor(string Id, string Name)
{
    /// <summary>Work done by a scheduled job rather than a person (imports, the refund worker).</summary>
    public static Actor System(string jobName) => new($"system:{jobName}", jobName);
}

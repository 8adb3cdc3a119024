namespace OrdoroLite.Domain.Api;

/// <summary>
/// One Idempotency-Key of one API key: inserted (under a unique index on the pair) before the write
/// it guards runs, so of two requests with the same key only one runs it; completed with the
/// response, which later requests with the same key and body get back. Kept at least
/// <see cref="IdempotencyOptions.Retention"/>, then removed by the cleanup.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 255;

    private IdempotencyRecord()
    {
        Key = "";
        RequestHash = "";
    }

    internal IdempotencyRecord(int apiKeyId, string key, string requestHash, DateTimeOffset at, DateTimeOffset leaseUntil)
    {
        ApiKeyId = apiKeyId;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = at.ToUniversalTime();
        LeaseUntil = leaseUntil.ToUniversalTime();
    }

    public long Id { get; private set; }

    public int ApiKeyId { get; private set; }

    /// <summary>The client's Idempotency-Key header, as sent.</summary>
    public string Key { get; private set; }

    /// <summary>Hex SHA-256 of the method, the path and the body: the same key with another request is refused.</summary>
    public string RequestHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>While the first request runs: after this instant without a response, its server is taken to have stopped.</summary>
    public DateTimeOffset LeaseUntil { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int? StatusCode { get; private set; }

    public string? ContentType { get; private set; }

    /// <summary>The first response's body, returned as it was to a repeat.</summary>
    public string? ResponseBody { get; private set; }
}

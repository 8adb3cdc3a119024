namespace OrdoroLite.Domain.Webhooks;

/// <summary>One webhook request as sent: where, the headers, the body.</summary>
/// <param name="Headers">Webhook-Id, Webhook-Timestamp, Webhook-Signature.</param>
public sealed record WebhookRequest(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>How the URL answered: its status code, or why there was none.</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Sends one webhook (the App's is HTTP, refusing private addresses unless configured; tests may record).</summary>
public interface IWebhookSender
{
    /// <summary>Posts the body; never throws for the URL's failures (they come back as a response without a status).</summary>
    Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct);
}

/// <summary>Whether a URL may receive webhooks (scheme, and where its host resolves).</summary>
public interface IWebhookTargetGuard
{
    /// <returns>Null when allowed, else a sentence saying why not.</returns>
    Task<string?> WhyRefusedAsync(Uri url, CancellationToken ct);
}

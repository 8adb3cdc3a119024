using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.App.Features.Api;

/// <summary>What a write endpoint answers when it succeeds: a status and a JSON body (stored for repeats of its Idempotency-Key).</summary>
public sealed record ApiResult(int Status, object Body);

/// <summary>
/// The path every API write takes (docs/api.md, "Idempotency"):
/// <list type="number">
/// <item>an <c>Idempotency-Key</c> header is required (400 without one);</item>
/// <item>the body is read (bounded) and checked field by field: every problem is listed, nothing is claimed;</item>
/// <item>the key is claimed in the database (<see cref="IdempotencyKeys"/>): a repeat of a finished request gets
/// its first response again (header <c>Idempotent-Replayed: true</c>) and runs nothing; the same key with another
/// method, path or body gets 422; a repeat while the first still runs waits for its response;</item>
/// <item>the use case runs with the key's actor; its refusal (a domain sentence) becomes a problem and the claim
/// is released, so nothing is written on any error and the same key may be sent again;</item>
/// <item>the response is stored under the key and sent.</item>
/// </list>
/// </summary>
public sealed class ApiWrites(IdempotencyKeys keys, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<ApiWrites> logger)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>JSON bodies are small (10,000 order numbers are about 70 KB).</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>Runs a JSON write: <paramref name="read"/> checks the body (adding problems to the input), <paramref name="act"/> runs the use case.</summary>
    public Task<IResult> RunAsync<T>(HttpContext http, Func<ReadOnlyMemory<byte>, (ApiInput Input, T Value)> read,
        Func<T, Actor, CancellationToken, Task<IResult>> act) =>
        RunAsync(http, MaxJsonBytes, body =>
        {
            var (input, value) = read(body);
            return (input.HasProblems ? ApiProblems.Invalid(input.Problems) : null, value);
        }, act);

    /// <summary>Runs a write whose body is read by <paramref name="read"/> (which returns a problem, or null and the value).</summary>
    public async Task<IResult> RunAsync<T>(HttpContext http, long maxBytes, Func<ReadOnlyMemory<byte>, (IResult? Problem, T Value)> read,
        Func<T, Actor, CancellationToken, Task<IResult>> act)
    {
        // Once claimed, a write runs to its end even if the client goes away, so the client's retry
        // finds its response instead of a claim left half-way; only reading the body follows the client.
        var ct = CancellationToken.None;
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length == 0)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]>
            {
                [IdempotencyHeader] = [$"Send an {IdempotencyHeader} header with every write: a unique value per intended change (a UUID, for example), the same value when you send that change again."],
            });
        }

        if (key.Length > IdempotencyRecord.KeyMaxLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]>
            {
                [IdempotencyHeader] = [$"The {IdempotencyHeader} is 1 to {IdempotencyRecord.KeyMaxLength} visible ASCII characters (no spaces)."],
            });
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(http.Request, maxBytes, http.RequestAborted);
        }
        catch (BodyTooLargeException)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.",
                $"The request body is larger than this endpoint takes ({maxBytes / 1024 / 1024:N0} MB). Nothing was changed.");
        }

        var (problem, value) = read(body);
        if (problem is not null)
        {
            return problem;
        }

        var caller = http.User;
        var keyId = int.Parse(caller.FindFirstValue(ApiKeyHandler.KeyIdClaim)!, System.Globalization.CultureInfo.InvariantCulture);
        var actor = new Actor(caller.FindFirstValue(ClaimTypes.NameIdentifier)!, caller.FindFirstValue(ClaimTypes.Name)!);
        var claim = await keys.ClaimAsync(keyId, key, RequestHash(http.Request, body), ct);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay:
                http.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Text(claim.Body ?? "", claim.ContentType ?? "application/json", Encoding.UTF8, claim.StatusCode);
            case ClaimOutcome.Mismatch:
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for another request.",
                    $"The {IdempotencyHeader} \"{key}\" was already used with a different request (method, path or body). Use a new key for a new change; nothing was changed.");
            case ClaimOutcome.StillRunning:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The first request with this key is still running.",
                    $"A request with the {IdempotencyHeader} \"{key}\" is still running. Send this one again in a minute to get its response.");
            case ClaimOutcome.Interrupted:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The first request with this key was interrupted.",
                    $"The first request with the {IdempotencyHeader} \"{key}\" did not finish (its server stopped while it ran), so whether it changed anything is not known. Read the orders, then send the change again with a new key.");
        }

        IResult result;
        try
        {
            result = await act(value, actor, ct);
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            await keys.ReleaseAsync(claim.RecordId, CancellationToken.None);
            return ApiProblems.From(e);
        }
        catch (Exception e)
        {
            // A use case's unexpected failure rolls its whole batch back: nothing was changed.
            logger.LogError(e, "API write {Method} {Path} failed", http.Request.Method, http.Request.Path);
            await keys.ReleaseAsync(claim.RecordId, CancellationToken.None);
            return ApiProblems.From(e);
        }

        if (result is not IStatusCodeHttpResult { StatusCode: < 400 and var status } || result is not IValueHttpResult { Value: { } responseBody })
        {
            // A refusal found after the claim (an unknown order on a one-order path): nothing was written.
            await keys.ReleaseAsync(claim.RecordId, CancellationToken.None);
            return result;
        }

        var text = JsonSerializer.Serialize(responseBody, responseBody.GetType(), json.Value.SerializerOptions);
        try
        {
            await keys.CompleteAsync(claim.RecordId, status, "application/json", text, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The change is made; only its replay is lost (a repeat then hears "still running", later "interrupted").
            logger.LogError(e, "Could not store the response of Idempotency-Key {Key}", key);
        }

        return TypedResults.Text(text, "application/json", Encoding.UTF8, status);
    }

    /// <summary>What "the same request" means: method, path (with its query) and body bytes.</summary>
    public static string RequestHash(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new BodyTooLargeException();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class BodyTooLargeException : Exception;
}

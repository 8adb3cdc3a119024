using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Api;

namespace OrdoroLite.App.Features.Api;

/// <summary>
/// The API's own authentication scheme: <c>Authorization: Bearer olk_…</c>, checked against the
/// database on every request (<see cref="ManageApiKeys.AuthenticateAsync"/>). It is never the default
/// scheme, so pages (which authenticate with the sign-in cookie) never see a key; and the API's
/// policies name only this scheme, so a cookie never gets into the API.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ManageApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim holding the key's id (the caller's NameIdentifier is "apikey:{id}", its display name the timeline's name).</summary>
    public const string KeyIdClaim = "ordorolite:api_key_id";

    /// <summary>One claim per scope the key holds.</summary>
    public const string ScopeClaim = "scope";

    private string? _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            _refusal = ManageApiKeys.MissingKey;
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            _refusal = ManageApiKeys.UnknownKey;
            return AuthenticateResult.Fail(_refusal);
        }

        var check = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (check.Caller is not { } caller)
        {
            _refusal = check.Refusal;
            return AuthenticateResult.Fail(_refusal!);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.Actor.Id),
            new(ClaimTypes.Name, caller.Actor.Name),
            new(CurrentStaff.DisplayNameClaim, caller.Actor.Name),
            new(KeyIdClaim, caller.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(caller.Scopes.Select(s => new Claim(ScopeClaim, s)));
        // No role claims: a key is no staff member, so no staff policy (pages, the Blazor hub) can accept it.
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer realm=\"OrdoroLite API\"";
        await ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "The API key is missing or not accepted.",
            _refusal ?? ManageApiKeys.MissingKey);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<ApiScopeMetadata>()?.Scope;
        var detail = scope is null
            ? "This API key may not do that."
            : $"This API key may not {ApiScopes.DisplayName(scope).ToLowerInvariant()}: it lacks the scope \"{scope}\". A manager can create a key with that scope at API keys (/settings/api-keys).";
        return ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "The API key lacks a scope.", detail);
    }
}

/// <summary>The scope an API endpoint needs (read by the 403's sentence and by the OpenAPI document).</summary>
public sealed record ApiScopeMetadata(string Scope);

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.Domain.Api;

/// <summary>One key as the API keys page lists it. The secret is never part of it.</summary>
public sealed record ApiKeyRow(
    int Id,
    string Name,
    string Hint,
    IReadOnlyList<string> Scopes,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedByName);

/// <summary>A key just created: <see cref="Token"/> is shown once and stored nowhere.</summary>
public sealed record NewApiKey(ApiKeyRow Key, string Token);

/// <summary>Who is calling, when a presented key is accepted.</summary>
/// <param name="Actor">Whom the timeline names: the key and its manager (<see cref="ApiKey.ActorFor"/>).</param>
public sealed record ApiCaller(int KeyId, string KeyName, IReadOnlyList<string> Scopes, Actor Actor);

/// <summary>The answer to a presented key: the caller, or why it is refused (a sentence for the 401).</summary>
public sealed record ApiKeyCheck(ApiCaller? Caller, string? Refusal);

/// <summary>
/// API keys for managers: create (the key is shown once), list, revoke; and the check of a
/// presented key on every API request. Every management call re-checks in the database that the
/// caller is an active manager, whatever the page showed; every API request re-checks that the
/// key is not revoked and that the manager who created it is still an active manager.
/// </summary>
public sealed class ManageApiKeys(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <summary>The last use is written at most this often per key, so reading the API does not turn every request into a write.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public const string NotAManager = "Only a manager can manage API keys.";

    public const string UnknownKey = "The API key is not valid. Send it as \"Authorization: Bearer olk_…\", exactly as it was shown when it was created.";

    public const string MissingKey = "This request needs an API key: send \"Authorization: Bearer olk_…\". A manager creates keys at API keys (/settings/api-keys).";

    /// <summary>Creates a key with a name and scopes; the returned token is the only copy of the secret.</summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <exception cref="InvalidRequestException">The name is blank, too long or not one line, or the scopes are empty or unknown.</exception>
    public async Task<NewApiKey> CreateAsync(Actor caller, string name, IEnumerable<string> scopes, CancellationToken ct = default)
    {
        var cleanName = RequireName(name);
        var cleanScopes = ApiScopes.Validate(scopes);
        return await OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            await RequireManagerAsync(db, caller, token);
            var (key, secret) = ApiKey.Create(cleanName, cleanScopes, caller, clock.GetUtcNow());
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(token);
            return new NewApiKey(Row(key), secret);
        }, ct);
    }

    /// <summary>Every key, newest first, revoked ones included.</summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(Actor caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireManagerAsync(db, caller, ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
        return keys.ConvertAll(Row);
    }

    /// <summary>Revokes a key at once: its next request is refused, on every server.</summary>
    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    /// <exception cref="DomainException">No such key.</exception>
    public Task RevokeAsync(Actor caller, int keyId, CancellationToken ct = default) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            await RequireManagerAsync(db, caller, token);
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, token)
                ?? throw new DomainException($"API key {keyId} does not exist.");
            if (!key.IsRevoked)
            {
                key.Revoke(caller, clock.GetUtcNow());
                await db.SaveChangesAsync(token);
            }

            return true;
        }, ct);

    /// <summary>
    /// Checks a presented key: known, not revoked, and its manager still an active manager. Notes the
    /// last use (at most once per <see cref="LastUseResolution"/>).
    /// </summary>
    public async Task<ApiKeyCheck> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(ApiKey.TokenPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return new ApiKeyCheck(null, UnknownKey);
        }

        var hash = ApiKey.HashOf(presented);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash)
            .Select(k => new
            {
                k.Id, k.Name, k.Scopes, k.RevokedAt, k.LastUsedAt, k.CreatedByName,
                Manager = db.Users.Where(u => u.Id == k.CreatedById)
                    .Select(u => new
                    {
                        u.DisplayName,
                        u.IsActive,
                        IsManager = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Manager)),
                    })
                    .FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return new ApiKeyCheck(null, UnknownKey);
        }

        if (found.RevokedAt is { } revoked)
        {
            return new ApiKeyCheck(null, $"The API key \"{found.Name}\" was revoked on {revoked:yyyy-MM-dd HH:mm} UTC. Ask a manager for a new key.");
        }

        if (found.Manager is not { IsActive: true, IsManager: true })
        {
            return new ApiKeyCheck(null,
                $"The API key \"{found.Name}\" belongs to {found.CreatedByName}, who is no longer an active manager, so it no longer works. Ask a manager for a new key.");
        }

        var now = clock.GetUtcNow();
        if (found.LastUsedAt is null || found.LastUsedAt < now - LastUseResolution)
        {
            await TouchAsync(db, found.Id, found.LastUsedAt, now, ct);
        }

        var scopes = found.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new ApiKeyCheck(new ApiCaller(found.Id, found.Name, scopes, ApiKey.ActorFor(found.Id, found.Name, found.Manager.DisplayName)), null);
    }

    private static async Task TouchAsync(OrdoroDbContext db, int keyId, DateTimeOffset? seen, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            // Conditional, so several servers note one use per interval; a busy database only loses the note.
            await db.ApiKeys.Where(k => k.Id == keyId && k.LastUsedAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The last use is a hint for managers; a request never fails for it.
        }
    }

    /// <exception cref="UnauthorizedAccessException">The caller is not an active manager.</exception>
    internal static async Task RequireManagerAsync(OrdoroDbContext db, Actor caller, CancellationToken ct, string refusal = NotAManager)
    {
        var ok = await db.Users.AnyAsync(u => u.Id == caller.Id && u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Manager)), ct);
        if (!ok)
        {
            throw new UnauthorizedAccessException(refusal);
        }
    }

    private static string RequireName(string? name)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0)
        {
            throw new InvalidRequestException("Name the key after what uses it, for example \"Shopify sync\".");
        }

        if (clean.Length > ApiKey.NameMaxLength || clean.Any(char.IsControl))
        {
            throw new InvalidRequestException($"A key's name is one line of at most {ApiKey.NameMaxLength} characters.");
        }

        return clean;
    }

    private static ApiKeyRow Row(ApiKey k) =>
        new(k.Id, k.Name, k.Hint, k.ScopeList, k.CreatedByName, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.RevokedByName);
}

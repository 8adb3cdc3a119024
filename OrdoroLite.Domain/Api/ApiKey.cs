using System.Security.Cryptography;
using System.Text;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Api;

/// <summary>
/// A key a program uses to call the API on a manager's behalf. Only the SHA-256 of its secret is
/// stored (the secret is 32 random bytes, so a hash without salt or stretching cannot be guessed
/// back); the key itself is shown once, when it is created. Never deleted: a revoked key keeps its
/// row, so the timeline's "apikey:12" still names something.
/// </summary>
public sealed class ApiKey
{
    public const int NameMaxLength = 40;

    /// <summary>Every key starts with this, so a leaked key is recognisable (secret scanners, logs).</summary>
    public const string TokenPrefix = "olk_";

    /// <summary>How many characters of the key the list shows, prefix included.</summary>
    public const int HintLength = 10;

    private ApiKey()
    {
        Name = "";
        Hint = "";
        SecretHash = "";
        Scopes = "";
        CreatedById = "";
        CreatedByName = "";
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The key's first characters ("olk_AbC1x9"), so a manager can tell keys apart.</summary>
    public string Hint { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole key (64 characters).</summary>
    public string SecretHash { get; private set; }

    /// <summary>Comma-separated <see cref="ApiScopes"/>.</summary>
    public string Scopes { get; private set; }

    /// <summary>The manager who created the key: the key acts on their behalf, and stops when they are no longer an active manager.</summary>
    public string CreatedById { get; private set; }

    public string CreatedByName { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedByName { get; private set; }

    /// <summary>When the key last authenticated a request, to the minute (<see cref="ManageApiKeys.LastUseResolution"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new key and the secret to show once.</summary>
    internal static (ApiKey Key, string Token) Create(string name, IReadOnlyList<string> scopes, Actor manager, DateTimeOffset at)
    {
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name,
            Hint = token[..HintLength],
            SecretHash = HashOf(token),
            Scopes = string.Join(',', scopes),
            CreatedById = manager.Id,
            CreatedByName = Truncate(manager.Name, 100),
            CreatedAt = at.ToUniversalTime(),
        };
        return (key, token);
    }

    /// <summary>The stored form of a presented key: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Who acts when this key calls the API, as the timeline shows it: "Shopify sync (key of Morgan
    /// Manager)". Cut to fit the timeline's name column (100 characters), the manager's name first.
    /// </summary>
    public static Actor ActorFor(int keyId, string keyName, string managerName)
    {
        const string before = " (key of ", after = ")";
        var room = 100 - keyName.Length - before.Length - after.Length;
        var manager = managerName.Length <= room ? managerName : managerName[..Math.Max(0, room - 1)] + "…";
        return new Actor($"apikey:{keyId}", $"{keyName}{before}{manager}{after}");
    }

    internal void Revoke(Actor by, DateTimeOffset at)
    {
        RevokedAt = at.ToUniversalTime();
        RevokedByName = Truncate(by.Name, 100);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

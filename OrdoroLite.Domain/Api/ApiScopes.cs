using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Api;

/// <summary>
/// What an API key may do. A key holds one or more scopes; every endpoint of the API names the one
/// it needs and the server checks it on each request (docs/api.md, "Scopes").
/// </summary>
public static class ApiScopes
{
    /// <summary>List orders and read one order with its lines, labels, refunds and timeline.</summary>
    public const string Read = "orders:read";

    /// <summary>Cancel and restore orders, and comment on an order's timeline.</summary>
    public const string Cancel = "orders:cancel";

    /// <summary>Create and delete shipping labels (a deletion asks the carrier for a refund).</summary>
    public const string Labels = "labels:write";

    /// <summary>Import orders from a channel CSV.</summary>
    public const string Import = "orders:import";

    public static IReadOnlyList<string> All { get; } = [Read, Cancel, Labels, Import];

    public static string DisplayName(string scope) => scope switch
    {
        Read => "Read orders",
        Cancel => "Cancel, restore and comment on orders",
        Labels => "Create and delete labels",
        Import => "Import orders",
        _ => scope,
    };

    /// <summary>The scopes in their canonical order, each once.</summary>
    /// <exception cref="InvalidRequestException">No scope, or one that does not exist.</exception>
    public static IReadOnlyList<string> Validate(IEnumerable<string> scopes)
    {
        var given = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (given.Count == 0)
        {
            throw new InvalidRequestException("Choose at least one scope: what the key may do.");
        }

        var unknown = given.Where(s => !All.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidRequestException(
                $"{string.Join(", ", unknown.Select(s => $"\"{s}\""))} is not a scope. Scopes: {string.Join(", ", All)}.");
        }

        return All.Where(given.Contains).ToList();
    }
}

using System.Text;

namespace OrdoroLite.Domain.Common;

/// <summary>
/// The one rule for comparing what people and files type as a key — a sales channel, a channel
/// order id, a SKU, a warehouse name: two spellings are the same key when they differ only in
/// letter case, surrounding spaces, or Unicode form (composed or decomposed accents, full-width
/// digits). The key is compatibility-normalised (NFKC), trimmed, and upper-cased by the invariant
/// culture. Each record stores its key beside what was typed, and the database's unique indexes
/// are on the keys, so two spellings can never be two records (docs/import.md, "Keys").
/// </summary>
public static class Keys
{
    /// <summary>The key of a typed value; "" for null or blank.</summary>
    public static string Of(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? "" : typed.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();

    /// <summary>True when the two are the same key.</summary>
    public static bool Same(string? a, string? b) => string.Equals(Of(a), Of(b), StringComparison.Ordinal);

    /// <summary>A dictionary keyed by <see cref="Of"/>.</summary>
    public static Dictionary<string, T> ByKey<T>(IEnumerable<T> items, Func<T, string> typed)
    {
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byKey.TryAdd(Of(typed(item)), item);
        }

        return byKey;
    }
}

/// <summary>
/// How the Orders search compares text (docs/orders-grid.md, "Search"): names and emails in any
/// letter case, tracking numbers in any case and with or without spaces. Each searched value is
/// stored once in this form on its row, indexed, so a search is an index range, never a scan.
/// </summary>
public static class SearchText
{
    /// <summary>Upper case, Unicode-compatibility form, single spaces: "  adrian   Hudson " → "ADRIAN HUDSON".</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var words = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words);
    }

    /// <summary>The last word of a name, folded: what a search by surname compares with ("" for a one-word name).</summary>
    public static string Surname(string? name)
    {
        var folded = Fold(name);
        var space = folded.LastIndexOf(' ');
        return space < 0 ? "" : folded[(space + 1)..];
    }

    /// <summary>A tracking number folded and without any white space: "1z 999 aa1" → "1Z999AA1".</summary>
    public static string Tracking(string? tracking) =>
        string.IsNullOrWhiteSpace(tracking)
            ? ""
            : new string(tracking.Normalize(NormalizationForm.FormKC).ToUpperInvariant().Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>The smallest string above every string that starts with <paramref name="prefix"/> (an index range's end).</summary>
    public static string PrefixEnd(string prefix) =>
        prefix.Length == 0 ? "\uffff" : prefix[..^1] + (char)(prefix[^1] + 1);
}

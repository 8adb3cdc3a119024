using System.Globalization;

namespace OrdoroLite.Domain.Common;

/// <summary>Amounts are integer cents everywhere; this is how the timeline writes one.</summary>
public static class Money
{
    /// <summary>"4.50" for 450 cents: invariant culture, so stored timeline text reads the same on every server.</summary>
    public static string Format(long cents) => string.Create(CultureInfo.InvariantCulture, $"{cents / 100m:0.00}");
}

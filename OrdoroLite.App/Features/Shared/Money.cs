using System.Globalization;

namespace OrdoroLite.App.Features.Shared;

/// <summary>Amounts as every screen shows them: US dollars with the sign, e.g. "$1,234.50".</summary>
public static class Money
{
    private static readonly CultureInfo Dollars = CultureInfo.GetCultureInfo("en-US");

    public static string Format(long cents) => (cents / 100m).ToString("C", Dollars);
}

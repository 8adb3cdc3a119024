using System.Globalization;

namespace OrdoroLite.Domain.Common;

/// <summary>
/// The documented range of every number that enters OrdoroLite from outside: the order file
/// (docs/import.md) and the command options (README.md, docs/performance.md). Each reader
/// refuses a value outside its range with the line and field named, before anything is written.
/// </summary>
/// <remarks>
/// The bounds are chosen so that sums over accepted input cannot overflow: an order's units
/// (<see cref="MaxLinesPerOrder"/> × <see cref="MaxQuantity"/> = 1,000,000) and total
/// (<see cref="MaxOrderTotalCents"/>, 10^9 cents) and a file's units (<see cref="MaxUnitsPerFile"/>)
/// all fit a 32-bit count. What a stock counter already holds is not bounded here: the domain's
/// checked arithmetic guards the sum of the two. Pages of every list follow <see cref="Paging"/>
/// (25, 50 or 100 rows; pages 1 to 100,001).
/// </remarks>
public static class Limits
{
    /// <summary>Units on one order line: at least 1.</summary>
    public const int MinQuantity = 1;

    /// <summary>Units on one order line: at most 10,000.</summary>
    public const int MaxQuantity = 10_000;

    /// <summary>Price of one unit, in cents: 0.00 (a free item) or more.</summary>
    public const long MinUnitPriceCents = 0;

    /// <summary>Price of one unit, in cents: at most 100,000.00.</summary>
    public const long MaxUnitPriceCents = 10_000_000;

    /// <summary>Lines of one order (rows of the file with the same channel and channel order id).</summary>
    public const int MaxLinesPerOrder = 100;

    /// <summary>An order's total (quantity × unit price over its lines), in cents: at most 10,000,000.00.</summary>
    public const long MaxOrderTotalCents = 1_000_000_000;

    /// <summary>Units of all lines of one file added up.</summary>
    public const int MaxUnitsPerFile = 10_000_000;

    /// <summary>Size of one order file in bytes (50 MB): a 100,000-order file is 20–30 MB.</summary>
    public const long MaxImportFileBytes = 50 * 1024 * 1024;

    /// <summary>Earliest order date accepted (UTC).</summary>
    public static readonly DateTimeOffset MinOrderDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest order date accepted (UTC): the last second of 2099.</summary>
    public static readonly DateTimeOffset MaxOrderDate = new(2099, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>Orders a <c>seed</c> command writes (<c>--orders</c>).</summary>
    public static readonly NumberRange SeedOrders = new(1, 10_000_000);

    /// <summary>Products a <c>seed</c> command writes (<c>--products</c>).</summary>
    public static readonly NumberRange SeedProducts = new(10, 100_000);

    /// <summary>The random seed of <c>seed</c> (<c>--seed</c>): any non-negative 32-bit number.</summary>
    public static readonly NumberRange RandomSeed = new(0, int.MaxValue);

    /// <summary>Orders the <c>bench</c> command seeds (<c>--orders</c>).</summary>
    public static readonly NumberRange BenchOrders = new(1_000, 10_000_000);

    /// <summary>
    /// Orders in each file of the <c>bench</c> import cases (<c>--import-orders</c>); at most 150,000 so the
    /// file stays under <see cref="MaxImportFileBytes"/> (100,000 orders are about 31 MB).
    /// </summary>
    public static readonly NumberRange BenchImportOrders = new(100, 150_000);

    /// <summary>Timed runs per benchmark case (<c>bench --runs</c>).</summary>
    public static readonly NumberRange BenchRuns = new(1, 1_000);

    /// <summary>Untimed warm-up runs per benchmark case (<c>bench --warmups</c>).</summary>
    public static readonly NumberRange BenchWarmups = new(0, 100);

    /// <summary>Concurrent clients of the bench's load part (<c>bench --clients</c>).</summary>
    public static readonly NumberRange BenchClients = new(1, 200);

    /// <summary>Seconds the bench's load part runs (<c>bench --seconds</c>): bounded, ten minutes at most.</summary>
    public static readonly NumberRange BenchSeconds = new(5, 600);

    /// <summary>Server processes of the bench's load part (<c>bench --servers</c>); two need PostgreSQL.</summary>
    public static readonly NumberRange BenchServers = new(1, 2);

    /// <summary><see cref="MinQuantity"/>–<see cref="MaxQuantity"/>.</summary>
    public static readonly NumberRange Quantity = new(MinQuantity, MaxQuantity);

    /// <summary><see cref="MinUnitPriceCents"/>–<see cref="MaxUnitPriceCents"/>, shown as an amount with 2 decimals.</summary>
    public static readonly NumberRange UnitPriceCents = new(MinUnitPriceCents, MaxUnitPriceCents, Decimals: 2);

    /// <summary>0–<see cref="MaxOrderTotalCents"/>, shown as an amount with 2 decimals.</summary>
    public static readonly NumberRange OrderTotalCents = new(0, MaxOrderTotalCents, Decimals: 2);
}

/// <summary>
/// An inclusive range of whole numbers, e.g. 1–10,000 units or 0–10,000,000 cents. With
/// <paramref name="Decimals"/> = 2 the numbers are cents and are shown as amounts (100,000.00).
/// </summary>
public readonly record struct NumberRange(long Min, long Max, int Decimals = 0)
{
    /// <summary>True when <paramref name="value"/> is between <see cref="Min"/> and <see cref="Max"/>, both included.</summary>
    public bool Contains(long value) => value >= Min && value <= Max;

    /// <summary>"between 1 and 10,000" (invariant culture, thousands separated).</summary>
    public string Describe() => $"between {Show(Min)} and {Show(Max)}";

    /// <summary>"quantity 2147483647 is out of range; it must be between 1 and 10,000": the field, the value as typed, the range.</summary>
    public string OutOfRange(string field, string typed) => $"{field} {typed} is out of range; it must be {Describe()}";

    /// <summary>A value of this range as text: 10,000 or, for cents, 100,000.00.</summary>
    public string Show(long value) => Decimals == 0
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : (value / (decimal)Pow10(Decimals)).ToString("N" + Decimals, CultureInfo.InvariantCulture);

    private static long Pow10(int exponent) => exponent == 0 ? 1 : 10 * Pow10(exponent - 1);
}

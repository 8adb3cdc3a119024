using System.Globalization;

namespace OrdoroLite.Domain.Common;

/// <summary>
/// The one rule for a page of a list (Orders, Inventory, Refunds, and the API's lists): a page holds
/// 25, 50 or 100 rows, and pages are numbered from 0 to <see cref="MaxPage"/>. Anything else is
/// refused with a sentence before any query runs, so no page number can overflow an offset or
/// ask the database for a negative one (issue 20, item 1; docs/orders-grid.md).
/// </summary>
public static class Paging
{
    /// <summary>The page sizes every list offers.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [25, 50, 100];

    /// <summary>The last page number accepted (0-based): 100 rows × 100,001 pages is past any list we hold.</summary>
    public const int MaxPage = 100_000;

    /// <summary>The rows to skip and take for page <paramref name="page"/> of <paramref name="pageSize"/> rows of <paramref name="what"/>.</summary>
    /// <exception cref="InvalidRequestException">The size is not 25, 50 or 100, or the page is negative or past <see cref="MaxPage"/>.</exception>
    public static (int Skip, int Take) Of(int page, int pageSize, string what)
    {
        if (!Sizes.Contains(pageSize))
        {
            throw new InvalidRequestException($"A page holds 25, 50 or 100 {what}, not {pageSize.ToString("N0", CultureInfo.InvariantCulture)}.");
        }

        if (page is < 0 or > MaxPage)
        {
            throw new InvalidRequestException(
                $"Page {(page + 1L).ToString("N0", CultureInfo.InvariantCulture)} is out of range; pages run from 1 to {(MaxPage + 1).ToString("N0", CultureInfo.InvariantCulture)}.");
        }

        return (page * pageSize, pageSize);
    }
}

using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// Everything that decides what the Orders tab shows — tab, search, filters, sort, page, page size —
/// as it reads in the URL, so a link or a bookmark opens the same view. The URL is the one source:
/// a control changes the URL and the page loads what the URL says. A value the page cannot use (a
/// typo, an old bookmark) falls back to its default; it never shows an error page.
/// </summary>
public sealed record OrdersView
{
    /// <summary>Longest free-text value taken from a URL (staff name, SKU, channel).</summary>
    public const int MaxTextLength = 100;

    /// <summary>Deepest page a URL may ask for: OFFSET walks every skipped entry (docs/orders-grid.md).</summary>
    public const int MaxPage = Domain.Common.Paging.MaxPage + 1;

    public static readonly IReadOnlyDictionary<OrderTab, string> TabKeys = new Dictionary<OrderTab, string>
    {
        [OrderTab.AwaitingFulfillment] = "awaiting",
        [OrderTab.DropshipmentRequested] = "dropship",
        [OrderTab.Shipped] = "shipped",
        [OrderTab.Cancelled] = "cancelled",
        [OrderTab.All] = "all",
    };

    private static readonly IReadOnlyDictionary<OrderSort, string> SortKeys = new Dictionary<OrderSort, string>
    {
        [OrderSort.Date] = "date",
        [OrderSort.Number] = "number",
        [OrderSort.Customer] = "customer",
        [OrderSort.Total] = "total",
        [OrderSort.CancelledAt] = "cancelled",
    };

    /// <summary>The status tab (<c>tab</c>).</summary>
    public OrderTab Tab { get; init; } = OrderTab.AwaitingFulfillment;

    /// <summary>The search box's text (<c>q</c>), at most <see cref="OrderGrid.MaxSearchLength"/> characters.</summary>
    public string? Search { get; init; }

    /// <summary>One sales channel (<c>channel</c>).</summary>
    public string? Channel { get; init; }

    /// <summary>One ship-from warehouse (<c>warehouse</c>).</summary>
    public int? WarehouseId { get; init; }

    /// <summary>First day of the order-date range, in the viewer's time zone.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day of the order-date range (included).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Orders with a line of this SKU (the report's drill-down).</summary>
    public string? Sku { get; init; }

    // The Cancelled tab's own filters; other tabs drop them (no order there has a reason).
    public CancelReason? Reason { get; init; }

    /// <summary>"No reason given" (<c>reason=none</c>).</summary>
    public bool WithoutReason { get; init; }

    /// <summary>Who cancelled (<c>staff</c>), as their display name.</summary>
    public string? Staff { get; init; }

    /// <summary>First day of the cancellation range (<c>cancelledFrom</c>).</summary>
    public DateOnly? CancelledFrom { get; init; }

    /// <summary>Last day of the cancellation range (<c>cancelledTo</c>, included).</summary>
    public DateOnly? CancelledTo { get; init; }

    /// <summary>The sort (<c>sort</c>); use <see cref="For"/> for a tab's default.</summary>
    public OrderSort Sort { get; init; } = OrderSort.Date;

    /// <summary>Newest, largest or last first (<c>dir</c>).</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Zero-based; the URL counts from 1.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 50;

    public bool IsCancelledTab => Tab == OrderTab.Cancelled;

    /// <summary>A tab's first page in its default sort, with nothing narrowing it.</summary>
    public static OrdersView For(OrderTab tab) => new OrdersView().WithTab(tab);

    /// <summary>The sort a tab opens in: by cancellation on the Cancelled tab, by order date elsewhere, newest first.</summary>
    public static (OrderSort Sort, bool Descending) DefaultSort(OrderTab tab) =>
        tab == OrderTab.Cancelled ? (OrderSort.CancelledAt, true) : (OrderSort.Date, true);

    /// <summary>
    /// Whether a tab offers a sort: cancellation time only on the Cancelled tab, order date everywhere
    /// but there (its grid has no Date column to show the sort on; the cancellation time takes its place).
    /// </summary>
    public static bool Offers(OrderTab tab, OrderSort sort) => sort switch
    {
        OrderSort.CancelledAt => tab == OrderTab.Cancelled,
        OrderSort.Date => tab != OrderTab.Cancelled,
        _ => true,
    };

    /// <summary>Reads a view from an absolute or relative URL of the Orders tab.</summary>
    public static OrdersView Parse(string url)
    {
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? [] : QueryHelpers.ParseQuery(url[queryStart..].Split('#')[0]);
        string? Text(string key) => query.TryGetValue(key, out var v) && v.Count > 0 && v[^1]?.Trim() is { Length: > 0 and <= MaxTextLength } t ? t : null;

        var tab = TabKeys.FirstOrDefault(k => string.Equals(k.Value, Text("tab"), StringComparison.OrdinalIgnoreCase)) is { Value: not null } found
            ? found.Key
            : OrderTab.AwaitingFulfillment;
        var (sort, descending) = DefaultSort(tab);
        var chosen = SortKeys.FirstOrDefault(k => string.Equals(k.Value, Text("sort"), StringComparison.OrdinalIgnoreCase));
        var offered = chosen.Value is not null && Offers(tab, chosen.Key);
        if (offered)
        {
            sort = chosen.Key;
        }

        // A direction belongs to its sort: a sort the tab does not offer falls back to its default with it.
        var sortRefused = Text("sort") is not null && !offered;
        descending = (sortRefused ? null : Text("dir")?.ToLowerInvariant()) switch
        {
            "asc" => false,
            "desc" => true,
            _ => descending,
        };
        var search = query.TryGetValue("q", out var q) ? q[^1]?.Trim() : null;
        var (from, to) = Days(Text("from"), Text("to"));
        var view = new OrdersView
        {
            Tab = tab,
            Search = string.IsNullOrEmpty(search) ? null : search[..Math.Min(search.Length, OrderGrid.MaxSearchLength)],
            Channel = Text("channel") is { Length: <= Order.ChannelMaxLength } channel ? channel : null,
            WarehouseId = PositiveInt(Text("warehouse")),
            From = from,
            To = to,
            Sku = Text("sku"),
            Sort = sort,
            Descending = descending,
            Page = Math.Min(PositiveInt(Text("page")) ?? 1, MaxPage) - 1,
            PageSize = PositiveInt(Text("size")) is { } size && OrderGridRequest.PageSizes.Contains(size) ? size : 50,
        };
        if (tab != OrderTab.Cancelled)
        {
            return view;
        }

        var reason = Text("reason");
        var (cancelledFrom, cancelledTo) = Days(Text("cancelledFrom"), Text("cancelledTo"));
        return view with
        {
            WithoutReason = string.Equals(reason, "none", StringComparison.OrdinalIgnoreCase),
            Reason = Enum.TryParse<CancelReason>(reason, ignoreCase: true, out var r) && Enum.IsDefined(r) && !int.TryParse(reason, out _) ? r : null,
            Staff = Text("staff"),
            CancelledFrom = cancelledFrom,
            CancelledTo = cancelledTo,
        };
    }

    /// <summary>The URL of this view: the tab always, everything else only when it is not the default.</summary>
    public string ToUrl()
    {
        var (defaultSort, defaultDescending) = DefaultSort(Tab);
        var parts = new List<(string Key, string? Value)>
        {
            ("tab", TabKeys[Tab]),
            ("q", Search),
            ("channel", Channel),
            ("warehouse", WarehouseId?.ToString(CultureInfo.InvariantCulture)),
            ("from", Day(From)),
            ("to", Day(To)),
            ("sku", Sku),
            ("reason", WithoutReason ? "none" : Reason?.ToString()),
            ("staff", Staff),
            ("cancelledFrom", Day(CancelledFrom)),
            ("cancelledTo", Day(CancelledTo)),
            ("sort", Sort == defaultSort ? null : SortKeys[Sort]),
            ("dir", Descending == defaultDescending ? null : Descending ? "desc" : "asc"),
            ("page", Page == 0 ? null : (Page + 1).ToString(CultureInfo.InvariantCulture)),
            ("size", PageSize == 50 ? null : PageSize.ToString(CultureInfo.InvariantCulture)),
        };
        return "/orders?" + string.Join("&", parts
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    /// <summary>The same view on another tab, from its first page: filters that mean nothing there are dropped, a sort it lacks falls back to its default.</summary>
    public OrdersView WithTab(OrderTab tab)
    {
        var keepsSort = (Sort, Descending) != DefaultSort(Tab) && Offers(tab, Sort);
        var (sort, descending) = keepsSort ? (Sort, Descending) : DefaultSort(tab);
        var view = this with { Tab = tab, Page = 0, Sort = sort, Descending = descending };
        return tab == OrderTab.Cancelled
            ? view
            : view with { Reason = null, WithoutReason = false, Staff = null, CancelledFrom = null, CancelledTo = null };
    }

    /// <summary>The orders this view narrows to (everything but sort and paging), as the Domain reads it.</summary>
    public OrderGridRequest ToRequest(TimeZoneInfo zone)
    {
        var cancellation = new CancellationFilter(Reason, WithoutReason, Staff, Sku, LocalDays.Range(CancelledFrom, CancelledTo, zone));
        return new OrderGridRequest(Tab, Page, PageSize, Sort, Descending, Search, Channel, WarehouseId,
            cancellation.IsEmpty ? null : cancellation, LocalDays.Range(From, To, zone));
    }

    /// <summary>True when both views narrow to the same orders, whatever their sort and page.</summary>
    public bool MatchesSameOrdersAs(OrdersView other) => Unpaged() == other.Unpaged();

    /// <summary>True when a date range is set: its instants depend on the viewer's time zone.</summary>
    public bool HasDates => From is not null || To is not null || CancelledFrom is not null || CancelledTo is not null;

    private OrdersView Unpaged() => this with { Sort = OrderSort.Date, Descending = true, Page = 0, PageSize = 50 };

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (DateOnly? From, DateOnly? To) Days(string? from, string? to)
    {
        DateOnly? Parse(string? text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        var (first, last) = (Parse(from), Parse(to));
        // A range that ends before it starts is a broken link: show every date rather than nothing.
        return first > last ? (null, null) : (first, last);
    }

    private static int? PositiveInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}

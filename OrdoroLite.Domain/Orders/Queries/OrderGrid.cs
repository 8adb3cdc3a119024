using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// The Orders grid: one page of rows, the filtered total and the per-tab counts, in at most four
/// short statements whatever the page size (counts unless cached, total when filtered, the page,
/// the page's labels). The common shapes run as compiled queries
/// (<see cref="OrderGridQueries"/>); filtered requests compose LINQ here. Every filter is an
/// exact or prefix match on an indexed column, so a tab opens in milliseconds at a million orders
/// (docs/orders-grid.md).
/// </summary>
public sealed class OrderGrid(IDbContextFactory<OrdoroDbContext> contexts, OrderTabCounts tabCounts)
{
    public const int MaxSearchLength = 100;

    /// <summary>Shorter searches match only exactly (number, tracking): a one-letter prefix matches a large share of all orders.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>
    /// A filtered total is counted up to here and shown as "10,000+" beyond: counting every match
    /// of a broad filter would read most of the table.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>Off only in tests, which check that the compiled queries and the general LINQ path return the same rows.</summary>
    internal bool UseCompiledQueries { get; init; } = true;

    public async Task<OrderGridPage> LoadAsync(OrderGridRequest request, CancellationToken ct = default)
    {
        var (skip, pageSize) = Paging.Of(request.Page, request.PageSize, "orders");

        var counts = await tabCounts.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One connection (and its pragmas) for the load's two or three queries, not one per query.
        await db.Database.OpenConnectionAsync(ct);

        var unfiltered = !request.HasFilters;
        var search = SearchTerms.Parse(request.Search);
        var compiled = UseCompiledQueries && OrderGridQueries.Cover(request);
        // Without filters the tab count already is the total: no second COUNT.
        var total = unfiltered ? counts[request.Tab]
            : compiled ? await OrderGridQueries.CountAsync(db, request, search)
            : await CappedCount(Filter(db, request, search)).CountAsync(ct);
        // A filtered view's total is counted now (a tab's count may be seconds old): 0 means no page to read.
        var none = !unfiltered && total == 0;
        var hints = none ? GridHints.None : await OrderGridQueries.HintsAsync(db, request, search, skip, pageSize, counts, total, ct);
        List<OrderGridQueries.PageRow> rows;
        if (none)
        {
            rows = [];
        }
        else if (compiled)
        {
            rows = await OrderGridQueries.PageAsync(db, request, search, skip, pageSize, hints, ct);
        }
        else
        {
            var sorted = OrderGridQueries.Sort(Filter(db, request, search, hints), request.Sort, request.Descending, hints);
            rows = await OrderGridQueries.Page(db, sorted, skip, pageSize).ToListAsync(ct);
        }

        var labels = await OrderGridQueries.LabelsAsync(db, rows.ConvertAll(r => r.Number), ct);
        var result = rows.ConvertAll(r =>
        {
            var cancelled = r.Status == OrderStatus.Cancelled;
            var newestFirst = labels[r.Number];
            var activeTracking = newestFirst.FirstOrDefault(l => l.State == LabelState.Active)?.TrackingNumber;
            return new OrderGridRow(
                r.Number, r.OrderDate, r.CustomerName, r.Channel, r.Warehouse, r.ItemCount, r.TotalCents, r.Status,
                LabelState: activeTracking is not null ? LabelState.Active : newestFirst.FirstOrDefault()?.State,
                TrackingNumber: activeTracking ?? r.HandTrackingNumber,
                RefundState: newestFirst.FirstOrDefault(l => l.Refund is not null)?.Refund,
                CancelledAt: cancelled ? r.CancelledAt : null,
                CancelledByName: cancelled ? r.CancelledByName : null,
                CancelReason: cancelled ? r.CancelReason : null,
                CancelComment: cancelled ? r.CancelComment : null);
        });

        return new OrderGridPage(result, Math.Min(total, unfiltered ? int.MaxValue : CountCap), counts, TotalIsCapped: !unfiltered && total > CountCap);
    }

    /// <summary>
    /// The numbers of the orders matching a view's tab, search and filters (its page and page size
    /// do not matter), in the view's sort order, at most <paramref name="max"/> + 1 of them so the
    /// caller can tell "more than max". "Select every order matching this view" is resolved here when
    /// the action runs, so an order that stopped matching is simply not among them.
    /// </summary>
    public async Task<IReadOnlyList<int>> MatchingNumbersAsync(OrderGridRequest view, int max, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await OrderGridQueries.Sort(Filter(db, view, SearchTerms.Parse(view.Search)), view.Sort, view.Descending)
            .Select(o => o.Number)
            .Take(max + 1)
            .ToListAsync(ct);
    }

    /// <summary>The choices of the channel, warehouse and "cancelled by" filters.</summary>
    public async Task<OrderGridFilters> FiltersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Every order counts once in the report's daily summary of its channel: a few hundred rows, not a million orders.
        // Few rows each: ordered here as a person reads a list ("eBay" among the e's), not by code point as the databases compare.
        var channels = (await db.ReportOrderDays.Select(r => r.Channel).Distinct().ToListAsync(ct)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var warehouses = (await db.Warehouses
            .Select(w => new WarehouseOption(w.Id, w.Name))
            .ToListAsync(ct)).OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ToList();
        // The staff accounts rather than DISTINCT over the cancelled orders: a few rows instead of a
        // pass over every cancelled order. Nobody is ever deleted, so every name on an order is here
        // unless the person was renamed since; a link can still carry any name.
        var staff = await db.Users
            .Select(u => u.DisplayName)
            .Distinct()
            .ToListAsync(ct);
        return new OrderGridFilters(channels, warehouses, staff.Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    /// <summary>
    /// The filtered total's rows, at most <see cref="CountCap"/> + 1, in no order: counting needs none,
    /// and an order makes the database walk the sort's index through every row that fails the filter
    /// (PostgreSQL, Awaiting + one channel at a million orders: 219 ms ordered by date, 72 ms unordered,
    /// raw SQL's shape). EF's "row limit without OrderBy" warning is switched off for this reason
    /// (Data/StoreOptions).
    /// </summary>
    internal static IQueryable<Order> CappedCount(IQueryable<Order> filtered) =>
        filtered.Take(CountCap + 1);

    /// <summary>The filtered total's SQL, for tests that check SQLite's plan.</summary>
    public string CountSql(OrderGridRequest request)
    {
        using var db = contexts.CreateDbContext();
        return CappedCount(Filter(db, request, SearchTerms.Parse(request.Search))).ToQueryString();
    }

    /// <summary>The page query's SQL, for tests that check SQLite's plan.</summary>
    public string PageSql(OrderGridRequest request)
    {
        using var db = contexts.CreateDbContext();
        return OrderGridQueries.Sort(Filter(db, request, SearchTerms.Parse(request.Search)), request.Sort, request.Descending)
            .Skip(request.Page * request.PageSize).Take(request.PageSize)
            .ToQueryString();
    }

    private static IQueryable<Order> Filter(OrdoroDbContext db, OrderGridRequest request, SearchTerms? search, GridHints hints = GridHints.None)
    {
        var orders = OrderGridQueries.Narrow(db.Orders.AsNoTracking(), Narrowing.Of(request), hints);
        if (request.Cancellation is { } cancellation)
        {
            orders = FilterCancellations(db, orders, cancellation);
        }

        return search is null ? orders : OrderGridQueries.Search(db, orders, search);
    }

    /// <summary>The report's drill-downs that only the general path takes (<see cref="OrderGridQueries.Cover"/>).</summary>
    private static IQueryable<Order> FilterCancellations(OrdoroDbContext db, IQueryable<Order> orders, CancellationFilter filter)
    {
        if (filter.WithoutReason)
        {
            orders = orders.Where(o => o.Status == OrderStatus.Cancelled && o.Cancellation!.Reason == null);
        }

        if (!string.IsNullOrEmpty(filter.Sku))
        {
            orders = orders.Where(o => db.OrderLines.Any(l => l.OrderNumber == o.Number && l.Sku == filter.Sku));
        }

        return orders;
    }
}

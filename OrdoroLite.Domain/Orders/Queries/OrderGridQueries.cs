using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// The grid's queries as EF compiled queries, for the shapes a screen asks for all day: a tab (one
/// status, or All) in any sort order, with or without a search, and the labels of the page's orders.
/// A page of the grid costs SQLite well under a millisecond; translating a LINQ query (parameter
/// extraction, cache lookup) cost more than that on every load, which compiled queries skip.
/// The labels are a second statement over the page's numbers: as three correlated lookups per row
/// in the page's statement they cost SQLite three times as much (measured at a million orders).
/// A tab's filters (<see cref="Narrowing"/>) are parameters of the same compiled query: EF writes
/// one statement per set of filters that are set, so an unset filter costs nothing. A search
/// combined with filters, and the report's SKU and "no reason given" drill-downs, take the general
/// LINQ path in <see cref="OrderGrid"/>, which shares the filters, sort orders and search terms
/// defined here.
/// </summary>
internal static class OrderGridQueries
{
    internal sealed record PageRow(
        int Number, DateTimeOffset OrderDate, string CustomerName, string Channel, string Warehouse, int ItemCount, long TotalCents,
        OrderStatus Status, string? HandTrackingNumber, DateTimeOffset? CancelledAt, string? CancelledByName,
        CancelReason? CancelReason, string? CancelComment);

    /// <summary>One label of a page's order, with the state of its refund request if it has one.</summary>
    internal sealed record PageLabel(int OrderNumber, int Id, LabelState State, string TrackingNumber, RefundState? Refund);

    /// <summary>
    /// One grid row: one of the page's orders, read by number once the page's numbers are cut (skip
    /// and take over the numbers alone, which every sort's index holds: an OFFSET passes over index
    /// entries, never over orders), with its warehouse's name joined to the page's orders only.
    /// Written as joins after skip and take, EF keeps the cut page as a subquery.
    /// </summary>
    private static readonly Expression<Func<Order, string, PageRow>> RowOf = (o, warehouse) => new PageRow(
        o.Number, o.OrderDate, o.CustomerName, o.Channel, warehouse, o.ItemCount, o.TotalCents, o.Status, o.HandTrackingNumber,
        // The columns as they are (NULL when there is no cancellation): "Cancellation == null ? …" made
        // EF test every column of the complex property for NULL on every row.
        (DateTimeOffset?)o.Cancellation!.At, o.Cancellation!.ByName, (CancelReason?)o.Cancellation!.Reason, o.Cancellation!.Comment);

    /// <summary><see cref="RowOf"/> over a joined warehouse, for the general path.</summary>
    private static readonly Expression<Func<Order, Warehouse, PageRow>> RowOfWarehouse = BuildRowOfWarehouse();

    private static Expression<Func<Order, Warehouse, PageRow>> BuildRowOfWarehouse()
    {
        var order = Expression.Parameter(typeof(Order), "o");
        var warehouse = Expression.Parameter(typeof(Warehouse), "w");
        return Expression.Lambda<Func<Order, Warehouse, PageRow>>(
            Inline(RowOf, order, Expression.Property(warehouse, nameof(Warehouse.Name))), order, warehouse);
    }

    /// <summary>
    /// The tab and its filters (docs/orders-grid.md, "Filters"); a null value does not narrow.
    /// Written as `value == null || …` so that EF, which builds the statement knowing which
    /// parameters are null, leaves an unset filter out of the SQL altogether.
    /// </summary>
    private static readonly Expression<Func<IQueryable<Order>, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?,
        CancelReason?, string?, DateTimeOffset?, DateTimeOffset?, IQueryable<Order>>> NarrowOf =
        (orders, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo) => orders
            .Where(o => status == null || o.Status == status)
            // On a rare status's tab the filter is marked as matching most orders (see GridHints.RareStatus).
            .Where(o => channel == null || Filtered(o.Channel == channel))
            .Where(o => warehouseId == null || Filtered(o.WarehouseId == warehouseId))
            // On a status tab a date range is a range of the (Status, OrderDate) index; on All, of the
            // date index. A broad one is marked so (see GridHints.BroadDates).
            .Where(o => from == null || Dated(o.OrderDate >= from))
            .Where(o => to == null || Dated(o.OrderDate < to))
            .Where(o => reason == null || o.Cancellation!.Reason == reason)
            .Where(o => cancelledBy == null || o.Cancellation!.ByName == cancelledBy)
            .Where(o => cancelledFrom == null || o.Cancellation!.At >= cancelledFrom)
            .Where(o => cancelledTo == null || o.Cancellation!.At < cancelledTo);

    // Number breaks ties so paging is stable; in SQLite it is the rowid, which every index already
    // ends with, so the date sort still walks the index.
    private static readonly Dictionary<(OrderSort, bool), Expression<Func<IQueryable<Order>, IQueryable<Order>>>> Sorts = new()
    {
        // The number and cancellation time follow the order date: SortKey marks them for GridHints.ReadRange.
        [(OrderSort.Number, false)] = q => q.OrderBy(o => SortKey(o.Number)),
        [(OrderSort.Number, true)] = q => q.OrderByDescending(o => SortKey(o.Number)),
        [(OrderSort.Customer, false)] = q => q.OrderBy(o => o.CustomerName).ThenBy(o => o.Number),
        [(OrderSort.Customer, true)] = q => q.OrderByDescending(o => o.CustomerName).ThenByDescending(o => o.Number),
        [(OrderSort.Total, false)] = q => q.OrderBy(o => o.TotalCents).ThenBy(o => o.Number),
        [(OrderSort.Total, true)] = q => q.OrderByDescending(o => o.TotalCents).ThenByDescending(o => o.Number),
        [(OrderSort.Date, false)] = q => q.OrderBy(o => o.OrderDate).ThenBy(o => o.Number),
        [(OrderSort.Date, true)] = q => q.OrderByDescending(o => o.OrderDate).ThenByDescending(o => o.Number),
        // The Cancelled tab walks IX_Orders_Status_CancelledAt (PostgreSQL: IX_Orders_Cancelled_CancelledAt;
        // made by migrations: docs/orders-grid.md).
        [(OrderSort.CancelledAt, false)] = q => q.OrderBy(o => SortKey(o.Cancellation!.At)).ThenBy(o => o.Number),
        [(OrderSort.CancelledAt, true)] = q => q.OrderByDescending(o => SortKey(o.Cancellation!.At)).ThenByDescending(o => o.Number),
    };

    /// <summary>
    /// Each search term is its own indexed lookup, joined by UNION: one OR across columns lets
    /// SQLite (with statistics) fall back to scanning the date index row by row. Which terms apply
    /// depends on the text (see <see cref="SearchTerms"/>), so there is one union per shape. Every
    /// column searched holds its value folded once when written (<see cref="SearchText"/>,
    /// <see cref="Keys"/>), so "hudson", "HUDSON" and "Hudson" find the same rows through one index.
    /// </summary>
    private static readonly Dictionary<SearchShape, Expression<Func<OrdoroDbContext, string, string, string, string, string, int, IQueryable<int>>>> Matches = new()
    {
        [SearchShape.Tracking] = (db, tracking, key, keyEnd, fold, foldEnd, number) =>
            db.Orders.Where(o => o.HandTrackingKey == tracking).Select(o => o.Number)
                .Union(db.Labels.Where(l => l.TrackingKey == tracking).Select(l => l.OrderNumber)),
        [SearchShape.Number] = (db, tracking, key, keyEnd, fold, foldEnd, number) =>
            db.Orders.Where(o => o.HandTrackingKey == tracking).Select(o => o.Number)
                .Union(db.Labels.Where(l => l.TrackingKey == tracking).Select(l => l.OrderNumber))
                .Union(db.Orders.Where(o => o.Number == number).Select(o => o.Number)),
        [SearchShape.NumberOrChannelOrderId] = (db, tracking, key, keyEnd, fold, foldEnd, number) =>
            db.Orders.Where(o => o.HandTrackingKey == tracking).Select(o => o.Number)
                .Union(db.Labels.Where(l => l.TrackingKey == tracking).Select(l => l.OrderNumber))
                .Union(db.Orders.Where(o => o.Number == number).Select(o => o.Number))
                .Union(db.Orders.Where(o => string.Compare(o.ChannelOrderIdKey, key) >= 0 && string.Compare(o.ChannelOrderIdKey, keyEnd) < 0).Select(o => o.Number)),
        [SearchShape.Text] = (db, tracking, key, keyEnd, fold, foldEnd, number) =>
            db.Orders.Where(o => o.HandTrackingKey == tracking).Select(o => o.Number)
                .Union(db.Labels.Where(l => l.TrackingKey == tracking).Select(l => l.OrderNumber))
                .Union(db.Orders.Where(o => string.Compare(o.ChannelOrderIdKey, key) >= 0 && string.Compare(o.ChannelOrderIdKey, keyEnd) < 0).Select(o => o.Number))
                .Union(db.Orders.Where(o => string.Compare(o.SearchName, fold) >= 0 && string.Compare(o.SearchName, foldEnd) < 0).Select(o => o.Number))
                .Union(db.Orders.Where(o => string.Compare(o.SearchSurname, fold) >= 0 && string.Compare(o.SearchSurname, foldEnd) < 0).Select(o => o.Number))
                .Union(db.Orders.Where(o => string.Compare(o.SearchEmail, fold) >= 0 && string.Compare(o.SearchEmail, foldEnd) < 0).Select(o => o.Number)),
    };

    /// <summary>
    /// EF binds a compiled query to the model it first ran against; a process hosting several apps
    /// (the browser tests start one per test class) has one model per app, so each keeps its own.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Compiled> PerModel = new();

    private static Compiled For(OrdoroDbContext db) => PerModel.GetValue(db.Model, _ => new Compiled());

    // The hints one page can get: a date range alone (BroadDates or ReadRange) and a channel or warehouse
    // filter (RareStatus or RareFilter, one of them) never come together (HintsAsync).
    private static readonly GridHints[] PageHints =
        [GridHints.None, GridHints.BroadDates, GridHints.ReadRange, GridHints.RareStatus, GridHints.RareFilter];

    private sealed class Compiled
    {
        // Only the page's numbers are sorted and cut (every sort's index ends with the number, so
        // SQLite reads them from the index alone); the 50 orders are read after, by number.
        public Dictionary<(OrderSort, bool, GridHints), Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?,
            CancelReason?, string?, DateTimeOffset?, DateTimeOffset?, int, int, IAsyncEnumerable<PageRow>>> Pages { get; } =
            Sorts.SelectMany(s => PageHints.Select(hints => (Sort: s, Hints: hints))).ToDictionary(
                x => (x.Sort.Key.Item1, x.Sort.Key.Item2, x.Hints), x => EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?, CancelReason?, string?,
                    DateTimeOffset?, DateTimeOffset?, int, int, IQueryable<PageRow>>>)(
                    (db, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo, skip, take) =>
                        Sorted(Narrowed(db.Orders, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo))
                            .Select(o => o.Number).Skip(skip).Take(take)
                            .Join(db.Orders, n => n, o => o.Number, (n, o) => o).Join(db.Warehouses, o => o.WarehouseId, w => w.Id, (o, w) => Row(o, w.Name))),
                x.Sort.Value, null, x.Hints)));

        /// <summary>
        /// The page as one statement, rows and not numbers first, for <see cref="GridHints.WalkRows"/>: with
        /// the rows asked for, a walk of the sort's index costs the planner no more than reading the range.
        /// </summary>
        public Dictionary<(OrderSort, bool), Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?,
            CancelReason?, string?, DateTimeOffset?, DateTimeOffset?, int, int, IAsyncEnumerable<PageRow>>> RowPages { get; } =
            Sorts.ToDictionary(s => s.Key, s => EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?, CancelReason?, string?,
                    DateTimeOffset?, DateTimeOffset?, int, int, IQueryable<PageRow>>>)(
                    (db, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo, skip, take) =>
                        Sorted(Narrowed(db.Orders, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo))
                            .Skip(skip).Take(take)
                            .Join(db.Warehouses, o => o.WarehouseId, w => w.Id, (o, w) => Row(o, w.Name))),
                s.Value, null, GridHints.None)));

        /// <summary>The filtered total, at most <see cref="OrderGrid.CountCap"/> + 1 rows, in no order (<see cref="OrderGrid.CappedCount"/>).</summary>
        public Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?, CancelReason?, string?,
            DateTimeOffset?, DateTimeOffset?, Task<int>> Count { get; } =
            EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, string?, int?, DateTimeOffset?, DateTimeOffset?, CancelReason?, string?,
                    DateTimeOffset?, DateTimeOffset?, int>>)(
                    (db, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo) =>
                        Narrowed(db.Orders, status, channel, warehouseId, from, to, reason, cancelledBy, cancelledFrom, cancelledTo)
                            .Take(OrderGrid.CountCap + 1)
                            .Count()),
                null, null, GridHints.None));

        public Dictionary<(OrderSort, bool, SearchShape), Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int, int, IAsyncEnumerable<PageRow>>> SearchPages { get; } =
            Sorts.SelectMany(s => Matches.Select(m => (Sort: s, Match: m))).ToDictionary(
                x => (x.Sort.Key.Item1, x.Sort.Key.Item2, x.Match.Key),
                x => EF.CompileAsyncQuery(Expand(
                    (Expression<Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int, int, IQueryable<PageRow>>>)(
                        (db, status, tracking, key, keyEnd, fold, foldEnd, number, skip, take) =>
                            Sorted(db.Orders.Where(o => status == null || o.Status == status)
                                    .Where(o => Matching(db, tracking, key, keyEnd, fold, foldEnd, number).Contains(o.Number)))
                                .Select(o => o.Number).Skip(skip).Take(take)
                                .Join(db.Orders, n => n, o => o.Number, (n, o) => o).Join(db.Warehouses, o => o.WarehouseId, w => w.Id, (o, w) => Row(o, w.Name))),
                    x.Sort.Value, x.Match.Value, GridHints.None)));

        public Dictionary<SearchShape, Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, Task<int>>> SearchCounts { get; } =
            Matches.ToDictionary(m => m.Key, m => EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int>>)(
                    (db, status, tracking, key, keyEnd, fold, foldEnd, number) =>
                        db.Orders.Where(o => status == null || o.Status == status)
                            .Where(o => Matching(db, tracking, key, keyEnd, fold, foldEnd, number).Contains(o.Number))
                            .Take(OrderGrid.CountCap + 1)
                            .Count()),
                null, m.Value, GridHints.None)));

        /// <summary>The labels of a page's orders: one lookup per order on IX_Labels_OrderNumber, the numbers bound as one JSON value (OrdoroData).</summary>
        public Func<OrdoroDbContext, List<int>, IAsyncEnumerable<PageLabel>> Labels { get; } =
            EF.CompileAsyncQuery((OrdoroDbContext db, List<int> numbers) =>
                db.Labels.Where(l => numbers.Contains(l.OrderNumber))
                    .Select(l => new PageLabel(l.OrderNumber, l.Id, l.State, l.TrackingNumber, (RefundState?)l.Refund!.State)));
    }

    /// <summary>
    /// True when the compiled queries cover the request: a search alone, or filters without a search,
    /// and none of the report's SKU or "no reason given" drill-downs.
    /// </summary>
    public static bool Cover(OrderGridRequest request) =>
        request.Cancellation is null or { Sku: null or "", WithoutReason: false }
        && (string.IsNullOrWhiteSpace(request.Search) || Narrowing.Of(request) == new Narrowing(request.Tab.Status()));

    public static async Task<List<PageRow>> PageAsync(
        OrdoroDbContext db, OrderGridRequest request, SearchTerms? search, int skip, int take, GridHints hints, CancellationToken ct)
    {
        var n = Narrowing.Of(request);
        var rows = search is not null
            ? For(db).SearchPages[(request.Sort, request.Descending, search.Shape)](
                db, n.Status, search.Tracking, search.Key, search.KeyEnd, search.Fold, search.FoldEnd, search.Number, skip, take)
            : hints.HasFlag(GridHints.WalkRows)
            ? For(db).RowPages[(request.Sort, request.Descending)](
                db, n.Status, n.Channel, n.WarehouseId, n.From, n.To, n.Reason, n.CancelledBy, n.CancelledFrom, n.CancelledTo, skip, take)
            : For(db).Pages[(request.Sort, request.Descending, hints)](
                db, n.Status, n.Channel, n.WarehouseId, n.From, n.To, n.Reason, n.CancelledBy, n.CancelledFrom, n.CancelledTo, skip, take);
        var list = new List<PageRow>(take);
        await foreach (var row in rows.WithCancellation(ct))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>The capped total of a covered request (<see cref="Cover"/>) with a search or filters.</summary>
    public static Task<int> CountAsync(OrdoroDbContext db, OrderGridRequest request, SearchTerms? search)
    {
        var n = Narrowing.Of(request);
        return search is null
            ? For(db).Count(db, n.Status, n.Channel, n.WarehouseId, n.From, n.To, n.Reason, n.CancelledBy, n.CancelledFrom, n.CancelledTo)
            : For(db).SearchCounts[search.Shape](db, n.Status, search.Tracking, search.Key, search.KeyEnd, search.Fold, search.FoldEnd, search.Number);
    }

    /// <summary>The general path's tab and filters: the same expression the compiled queries inline, over EF parameters.</summary>
    public static IQueryable<Order> Narrow(IQueryable<Order> orders, Narrowing narrowing, GridHints hints = GridHints.None)
    {
        // Member accesses on a constant holder become SQL parameters, as a lambda's captured variables do.
        var holder = Expression.Constant(narrowing);
        Expression Value(string property) => Expression.Property(holder, property);
        return orders.Provider.CreateQuery<Order>(new Placeholders(null, null, hints).Visit(Inline(NarrowOf, orders.Expression,
            Value(nameof(Narrowing.Status)), Value(nameof(Narrowing.Channel)), Value(nameof(Narrowing.WarehouseId)),
            Value(nameof(Narrowing.From)), Value(nameof(Narrowing.To)), Value(nameof(Narrowing.Reason)),
            Value(nameof(Narrowing.CancelledBy)), Value(nameof(Narrowing.CancelledFrom)), Value(nameof(Narrowing.CancelledTo)))));
    }

    /// <summary>
    /// The planner hints a view's page gets (<see cref="GridHints"/>), from the tab counts, the view's
    /// total (counted up to <see cref="OrderGrid.CountCap"/> + 1) and, for a date range, the tab's first
    /// and last order date (two index lookups). Where the planner knows how many rows a condition
    /// selects (<see cref="IDatabaseProvider.PlansRanges"/>) only <see cref="GridHints.ReadRange"/> and
    /// <see cref="GridHints.WalkRows"/>, which no statistics tell: how a sort's order follows the order date.
    /// </summary>
    public static async Task<GridHints> HintsAsync(OrdoroDbContext db, OrderGridRequest request, SearchTerms? search, int skip, int take,
        IReadOnlyDictionary<OrderTab, int> counts, int total, CancellationToken ct)
    {
        var narrowing = Narrowing.Of(request);
        if (search is not null || request.Cancellation is { Sku: { Length: > 0 } } or { WithoutReason: true })
        {
            return GridHints.None;
        }

        var plansRanges = db.GetService<IDatabaseProvider>().PlansRanges;
        var hints = GridHints.None;
        if (!plansRanges && narrowing.Status is not null && (narrowing.Channel is not null || narrowing.WarehouseId is not null)
            && request.Sort != OrderSort.Date)
        {
            hints |= FilterHint(counts[request.Tab], counts[OrderTab.All], total, skip + take, request.Sort);
        }

        if ((plansRanges ? request.Sort is OrderSort.Number or OrderSort.CancelledAt : request.Sort != OrderSort.Date)
            && (narrowing.From is not null || narrowing.To is not null)
            && narrowing with { From = null, To = null } == new Narrowing(narrowing.Status))
        {
            var status = narrowing.Status;
            var tab = db.Orders.Where(o => status == null || o.Status == status);
            if (await tab.MinAsync(o => (DateTimeOffset?)o.OrderDate, ct) is { } first
                && await tab.MaxAsync(o => (DateTimeOffset?)o.OrderDate, ct) is { } last && last > first)
            {
                var from = narrowing.From is { } f && f > first ? f : first;
                var to = narrowing.To is { } t && t < last ? t : last;
                var share = (to - from) / (last - first);
                var walked = Walked(request, first, last, from, to, skip + take, counts[request.Tab]);
                if (share > 0 && walked < share * counts[request.Tab] / 2)
                {
                    hints |= plansRanges ? GridHints.WalkRows : GridHints.BroadDates;
                }
                else if (request.Sort is OrderSort.Number or OrderSort.CancelledAt && walked > share * counts[request.Tab])
                {
                    hints |= GridHints.ReadRange;
                }
            }
        }

        return hints;
    }

    // The orders a walk of the sort's index reads to meet a page of an order-date range's orders. Numbers
    // follow arrival and a cancellation follows its order, so walking those sorts walks the order dates
    // too: every order before the range, in the walk's direction, is read first ("last 30 days" by number
    // is met at once newest first, after the whole tab oldest first). Other sorts meet the range's orders
    // spread evenly.
    private static double Walked(OrderGridRequest request, DateTimeOffset first, DateTimeOffset last, DateTimeOffset from,
        DateTimeOffset to, int page, int tab) => request.Sort is OrderSort.Number or OrderSort.CancelledAt
        ? (request.Descending ? last - to : from - first) / (last - first) * tab + page
        : page / ((to - from) / (last - first));

    // Three ways to a status tab's page with a channel or warehouse filter, in orders read: walk the
    // status's sort index testing the filter, (skip + take) × tab ÷ total; walk the filter's sort index
    // (the All tab's, none for cancellation time) testing the status, (skip + take) × all ÷ tab, taking
    // the two as independent (the filter then holds total × all ÷ tab orders); or read the filter's
    // orders of the tab and sort them, total. A total past the cap is a broad filter: the first or second.
    // Cancellation time has no second way (no index starts with the channel and ends with it).
    internal static GridHints FilterHint(long tab, long all, long total, long page, OrderSort sort)
    {
        if (total <= OrderGrid.CountCap && total * total < page * tab
            && (sort == OrderSort.CancelledAt || total * tab < page * all))
        {
            return GridHints.RareFilter;
        }

        return sort == OrderSort.CancelledAt || (2 * tab < all && (total > OrderGrid.CountCap || tab * tab < total * all))
            ? GridHints.RareStatus
            : GridHints.None;
    }

    /// <summary>The general path's sort: the same expression the compiled queries inline.</summary>
    public static IQueryable<Order> Sort(IQueryable<Order> orders, OrderSort sort, bool descending, GridHints hints = GridHints.None)
    {
        var lambda = Sorts[(sort, descending)];
        return orders.Provider.CreateQuery<Order>(new Placeholders(null, null, hints).Visit(Inline(lambda, orders.Expression)));
    }

    /// <summary>The general path's search: the same union the compiled queries inline, over EF parameters.</summary>
    public static IQueryable<Order> Search(OrdoroDbContext db, IQueryable<Order> orders, SearchTerms search)
    {
        // Member accesses on a constant holder become SQL parameters, as a lambda's captured variables do.
        var holder = Expression.Constant(search);
        Expression Term(string property) => Expression.Property(holder, property);
        var matches = ((IQueryable<Order>)db.Orders).Provider.CreateQuery<int>(Inline(Matches[search.Shape],
            Expression.Constant(db), Term(nameof(SearchTerms.Tracking)), Term(nameof(SearchTerms.Key)),
            Term(nameof(SearchTerms.KeyEnd)), Term(nameof(SearchTerms.Fold)), Term(nameof(SearchTerms.FoldEnd)),
            Term(nameof(SearchTerms.Number))));
        return orders.Where(o => matches.Contains(o.Number));
    }

    /// <summary>The general path's page: the page's numbers, skip and take, then the same row as the compiled queries.</summary>
    public static IQueryable<PageRow> Page(OrdoroDbContext db, IQueryable<Order> sorted, int skip, int take) =>
        sorted.Select(o => o.Number).Skip(skip).Take(take)
            .Join(db.Orders, n => n, o => o.Number, (n, o) => o)
            .Join(db.Warehouses, o => o.WarehouseId, w => w.Id, RowOfWarehouse);

    /// <summary>The labels of the page's orders, newest first per order, for <see cref="OrderGrid"/> to pick the columns it shows.</summary>
    public static async Task<ILookup<int, PageLabel>> LabelsAsync(OrdoroDbContext db, List<int> numbers, CancellationToken ct)
    {
        var labels = new List<PageLabel>();
        if (numbers.Count > 0)
        {
            await foreach (var label in For(db).Labels(db, numbers).WithCancellation(ct))
            {
                labels.Add(label);
            }
        }

        return labels.OrderByDescending(l => l.Id).ToLookup(l => l.OrderNumber);
    }

    // Placeholders in the query templates, replaced by a sort order and a search union before EF sees them.
    private static IQueryable<Order> Sorted(IQueryable<Order> orders) => throw new UnreachableException();

    private static IQueryable<int> Matching(OrdoroDbContext db, string tracking, string key, string keyEnd, string fold, string foldEnd,
        int number) => throw new UnreachableException();

    private static IQueryable<Order> Narrowed(IQueryable<Order> orders, OrderStatus? status, string? channel, int? warehouseId,
        DateTimeOffset? from, DateTimeOffset? to, CancelReason? reason, string? cancelledBy, DateTimeOffset? cancelledFrom,
        DateTimeOffset? cancelledTo) => throw new UnreachableException();

    private static bool Dated(bool condition) => throw new UnreachableException();

    private static bool Filtered(bool condition) => throw new UnreachableException();

    private static T SortKey<T>(T key) => throw new UnreachableException();

    private static PageRow Row(Order order, string warehouse) => throw new UnreachableException();

    private static Expression<T> Expand<T>(Expression<T> template, LambdaExpression? sort, LambdaExpression? matches, GridHints hints) =>
        Expression.Lambda<T>(new Placeholders(sort, matches, hints).Visit(template.Body), template.Parameters);

    private static Expression Inline(LambdaExpression lambda, params Expression[] arguments) =>
        new Substitution(lambda.Parameters, arguments).Visit(lambda.Body);

    private static readonly System.Reflection.MethodInfo MostlyMethod = typeof(PlannerHints).GetMethod(nameof(PlannerHints.Mostly))!;

    private static readonly System.Reflection.MethodInfo RarelyMethod = typeof(PlannerHints).GetMethod(nameof(PlannerHints.Rarely))!;

    private sealed class Placeholders(LambdaExpression? sort, LambdaExpression? matches, GridHints hints) : ExpressionVisitor
    {
        private Expression Hinted(Expression condition, GridHints mostly, GridHints rarely = GridHints.None) =>
            hints.HasFlag(mostly) ? Expression.Call(MostlyMethod, condition)
            : rarely != GridHints.None && hints.HasFlag(rarely) ? Expression.Call(RarelyMethod, condition)
            : condition;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(OrderGridQueries))
            {
                var arguments = node.Arguments.Select(Visit).ToArray();
                return node.Method.Name switch
                {
                    nameof(Sorted) => Visit(Inline(sort!, arguments!)),
                    nameof(Narrowed) => Visit(Inline(NarrowOf, arguments!)),
                    nameof(Dated) => Hinted(arguments[0]!, GridHints.BroadDates),
                    nameof(Filtered) => Hinted(arguments[0]!, GridHints.RareStatus, GridHints.RareFilter),
                    nameof(Matching) => Inline(matches!, arguments!),
                    nameof(Row) => Inline(RowOf, arguments!),
                    nameof(SortKey) => hints.HasFlag(GridHints.ReadRange)
                        ? Expression.Call(typeof(PlannerHints).GetMethod(nameof(PlannerHints.Unindexed), [arguments[0]!.Type])!, arguments[0]!)
                        : arguments[0]!,
                    _ => throw new UnreachableException(node.Method.Name),
                };
            }

            return base.VisitMethodCall(node);
        }
    }

    private sealed class Substitution(IReadOnlyList<ParameterExpression> parameters, IReadOnlyList<Expression> arguments) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] == node)
                {
                    return arguments[i];
                }
            }

            return node;
        }
    }
}

/// <summary>
/// Hints a view's page gives SQLite's planner (<see cref="PlannerHints.Mostly"/>), which without
/// STAT4 knows neither how many orders a date range holds nor which status is rare
/// (docs/orders-grid.md "SQLite's planner statistics", "A broad order-date range").
/// </summary>
[Flags]
internal enum GridHints
{
    None = 0,

    /// <summary>
    /// The view's only filter is an order-date range holding so many of the tab's orders (estimated
    /// as if they were spread evenly between its first and last order date) that walking the sort's
    /// index and testing each order's date meets the page after fewer than half the orders the range
    /// holds: the range is marked, and SQLite walks instead of reading the whole range and sorting.
    /// A walk by number or cancellation time reads every order before the range first (they follow
    /// the order date), so "last 30 days" by number is marked newest first, not oldest first.
    /// Not for a sort by order date, whose index the range already is.
    /// </summary>
    BroadDates = 1,

    /// <summary>
    /// A status tab holding less than half of all orders, filtered by channel or warehouse holding more
    /// orders than the tab (estimated from the view's total), sorted by anything but order date — or
    /// any such filter sorted by cancellation time, unless <see cref="RareFilter"/>: the filter is
    /// marked, and SQLite walks the status's sort index testing each order's channel or warehouse,
    /// instead of the filter's index (made for the All tab) testing each order's status, which for a
    /// rare status reads most of the channel. A channel rarer than the tab keeps its index.
    /// </summary>
    RareStatus = 2,

    /// <summary>
    /// A status tab's channel or warehouse filter holding so few of the tab's orders (the view's
    /// total, under the count's cap) that reading them all and sorting them beats walking any sort
    /// index: the filter is marked rare, and SQLite reads it through the (Status, Channel |
    /// WarehouseId, OrderDate, Number) index. Without it a view sorted by cancellation time walked
    /// all 121,000 cancelled orders of a million to find a new channel's few.
    /// </summary>
    RareFilter = 4,

    /// <summary>
    /// The view's only filter is an order-date range, sorted by number or cancellation time, that a
    /// walk of the sort's index would meet only after more orders than the range holds — numbers and
    /// cancellations follow the order date, so "last 30 days" oldest first is met after every older
    /// order: the sort key is hidden from index matching (<see cref="PlannerHints.Unindexed(int)"/>) and
    /// the range is read and sorted. On every database: PostgreSQL's statistics take the two columns
    /// as independent and walked the numbers for 150 ms at a million orders.
    /// </summary>
    ReadRange = 8,

    /// <summary>
    /// Where the planner plans ranges itself (PostgreSQL), the same case as <see cref="BroadDates"/> for a
    /// sort by number or cancellation time: the page is asked as one statement, rows and not numbers
    /// first. Asked for numbers only, PostgreSQL read the last 30 days from the (Status, OrderDate,
    /// Number) index and sorted them (its statistics expect a walk of the numbers to read page ÷ share
    /// orders, not knowing they follow the date): 10 ms at page 41 where the walk takes 4.
    /// </summary>
    WalkRows = 16,
}

/// <summary>
/// A view's tab and filters as the values its queries bind; null does not narrow.
/// </summary>
internal sealed record Narrowing(OrderStatus? Status, string? Channel = null, int? WarehouseId = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, CancelReason? Reason = null, string? CancelledBy = null, DateTimeOffset? CancelledFrom = null,
    DateTimeOffset? CancelledTo = null)
{
    public static Narrowing Of(OrderGridRequest request) => new(
        request.Tab.Status(), Blank(request.Channel), request.WarehouseId, request.OrderDate?.From, request.OrderDate?.To,
        request.Cancellation?.Reason, Blank(request.Cancellation?.CancelledBy), request.Cancellation?.CancelledAt?.From,
        request.Cancellation?.CancelledAt?.To);

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>Which lookups a search text gets: see <see cref="SearchTerms.Parse"/>.</summary>
internal enum SearchShape
{
    /// <summary>Short text: exact tracking numbers only.</summary>
    Tracking,

    /// <summary>Short digits: tracking numbers and the order number.</summary>
    Number,

    /// <summary>Digits of 3+ characters: also a channel order id prefix.</summary>
    NumberOrChannelOrderId,

    /// <summary>Text of 3+ characters: tracking, channel order id, customer name, surname and email prefixes.</summary>
    Text,
}

/// <summary>
/// A search box's text turned into the values of its lookups, each in the form its column stores
/// (docs/orders-grid.md, "Search"): a tracking number without spaces, a channel order id as a key,
/// names and emails folded. Prefixes are written as ranges (col &gt;= p AND col &lt; next(p))
/// because SQLite only uses an index for LIKE on NOCASE columns and PostgreSQL only in collation C.
/// </summary>
internal sealed record SearchTerms(string Tracking, string Key, string KeyEnd, string Fold, string FoldEnd, int Number, SearchShape Shape)
{
    public static SearchTerms? Parse(string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > OrderGrid.MaxSearchLength)
        {
            text = text[..OrderGrid.MaxSearchLength];
        }

        var numeric = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        var prefix = text.Length >= OrderGrid.MinPrefixLength;
        var shape = (numeric, prefix) switch
        {
            (true, true) => SearchShape.NumberOrChannelOrderId,
            (true, false) => SearchShape.Number,
            (false, true) => SearchShape.Text,
            (false, false) => SearchShape.Tracking,
        };
        var key = Keys.Of(text);
        var fold = SearchText.Fold(text);
        return new SearchTerms(SearchText.Tracking(text), key, SearchText.PrefixEnd(key), fold, SearchText.PrefixEnd(fold), number, shape);
    }
}

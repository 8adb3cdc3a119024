using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
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
/// Requests with a channel, warehouse, date or cancellation filter take the general LINQ path in
/// <see cref="OrderGrid"/>, which shares the sort orders and search terms defined here.
/// </summary>
internal static class OrderGridQueries
{
    internal sealed record PageRow(
        int Number, DateTimeOffset OrderDate, string CustomerName, string Channel, string Warehouse, int ItemCount, long TotalCents,
        OrderStatus Status, string? HandTrackingNumber, DateTimeOffset? CancelledAt, string? CancelledByName,
        CancelReason? CancelReason, string? CancelComment);

    /// <summary>One label of a page's order, with the state of its refund request if it has one.</summary>
    internal sealed record PageLabel(int OrderNumber, int Id, LabelState State, string TrackingNumber, RefundState? Refund);

    /// <summary>The columns a page shows, read before the page is cut (see <see cref="CutOf"/>).</summary>
    internal sealed class PageCut
    {
        public int Number { get; init; }

        public DateTimeOffset OrderDate { get; init; }

        public string CustomerName { get; init; } = "";

        public string Channel { get; init; } = "";

        public int WarehouseId { get; init; }

        public int ItemCount { get; init; }

        public long TotalCents { get; init; }

        public OrderStatus Status { get; init; }

        public string? HandTrackingNumber { get; init; }

        public DateTimeOffset? CancelledAt { get; init; }

        public string? CancelledByName { get; init; }

        public CancelReason? CancelReason { get; init; }

        public string? CancelComment { get; init; }
    }

    /// <summary>
    /// The page's columns, taken before skip and take: the rows an OFFSET passes over carry only
    /// these, not the whole order (PostgreSQL, All at offset 500,000: the whole order row made the
    /// skip 2.4× raw SQL's).
    /// </summary>
    private static readonly Expression<Func<Order, PageCut>> CutOf = o => new PageCut
    {
        Number = o.Number,
        OrderDate = o.OrderDate,
        CustomerName = o.CustomerName,
        Channel = o.Channel,
        WarehouseId = o.WarehouseId,
        ItemCount = o.ItemCount,
        TotalCents = o.TotalCents,
        Status = o.Status,
        HandTrackingNumber = o.HandTrackingNumber,
        // The columns as they are (NULL when there is no cancellation): "Cancellation == null ? …" made
        // EF test every column of the complex property for NULL on every row, skipped ones included.
        CancelledAt = (DateTimeOffset?)o.Cancellation!.At,
        CancelledByName = o.Cancellation!.ByName,
        CancelReason = (CancelReason?)o.Cancellation!.Reason,
        CancelComment = o.Cancellation!.Comment,
    };

    /// <summary>
    /// One grid row, shaped after the page is cut, with its warehouse's name joined to the page's rows
    /// only: a deep page skips its OFFSET on the index alone instead of reading half a million orders
    /// to join them (SQLite: 29 ms rather than 290 ms), and PostgreSQL, which evaluated a name lookup
    /// in the select list for every skipped row too, stops doing so (742 ms at offset 500,000, 2.2×
    /// raw SQL). Written as a join after skip and take, EF keeps the cut page as a subquery.
    /// </summary>
    private static readonly Expression<Func<PageCut, string, PageRow>> RowOf = (c, warehouse) => new PageRow(
        c.Number, c.OrderDate, c.CustomerName, c.Channel, warehouse,
        c.ItemCount, c.TotalCents, c.Status, c.HandTrackingNumber, c.CancelledAt, c.CancelledByName, c.CancelReason, c.CancelComment);

    /// <summary><see cref="RowOf"/> over a joined warehouse, for the general path.</summary>
    private static readonly Expression<Func<PageCut, Warehouse, PageRow>> RowOfWarehouse = BuildRowOfWarehouse();

    private static Expression<Func<PageCut, Warehouse, PageRow>> BuildRowOfWarehouse()
    {
        var cut = Expression.Parameter(typeof(PageCut), "c");
        var warehouse = Expression.Parameter(typeof(Warehouse), "w");
        return Expression.Lambda<Func<PageCut, Warehouse, PageRow>>(
            Inline(RowOf, cut, Expression.Property(warehouse, nameof(Warehouse.Name))), cut, warehouse);
    }

    // Number breaks ties so paging is stable; in SQLite it is the rowid, which every index already
    // ends with, so the date sort still walks the index.
    private static readonly Dictionary<(OrderSort, bool), Expression<Func<IQueryable<Order>, IQueryable<Order>>>> Sorts = new()
    {
        [(OrderSort.Number, false)] = q => q.OrderBy(o => o.Number),
        [(OrderSort.Number, true)] = q => q.OrderByDescending(o => o.Number),
        [(OrderSort.Customer, false)] = q => q.OrderBy(o => o.CustomerName).ThenBy(o => o.Number),
        [(OrderSort.Customer, true)] = q => q.OrderByDescending(o => o.CustomerName).ThenByDescending(o => o.Number),
        [(OrderSort.Total, false)] = q => q.OrderBy(o => o.TotalCents).ThenBy(o => o.Number),
        [(OrderSort.Total, true)] = q => q.OrderByDescending(o => o.TotalCents).ThenByDescending(o => o.Number),
        [(OrderSort.Date, false)] = q => q.OrderBy(o => o.OrderDate).ThenBy(o => o.Number),
        [(OrderSort.Date, true)] = q => q.OrderByDescending(o => o.OrderDate).ThenByDescending(o => o.Number),
        // The Cancelled tab walks IX_Orders_Status_CancelledAt (made by a migration: docs/orders-grid.md).
        [(OrderSort.CancelledAt, false)] = q => q.OrderBy(o => o.Cancellation!.At).ThenBy(o => o.Number),
        [(OrderSort.CancelledAt, true)] = q => q.OrderByDescending(o => o.Cancellation!.At).ThenByDescending(o => o.Number),
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

    private sealed class Compiled
    {
        // `status == null || …` costs nothing in SQL: EF generates the statement per null/non-null
        // parameter, so All has no WHERE on Status and a status tab has `"Status" = @status`.
        public Dictionary<(OrderSort, bool), Func<OrdoroDbContext, OrderStatus?, int, int, IAsyncEnumerable<PageRow>>> TabPages { get; } =
            Sorts.ToDictionary(s => s.Key, s => EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, int, int, IQueryable<PageRow>>>)((db, status, skip, take) =>
                    Sorted(db.Orders.Where(o => status == null || o.Status == status)).Select(o => Cut(o)).Skip(skip).Take(take).Join(db.Warehouses, c => c.WarehouseId, w => w.Id, (c, w) => Row(c, w.Name))),
                s.Value, null)));

        public Dictionary<(OrderSort, bool, SearchShape), Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int, int, IAsyncEnumerable<PageRow>>> SearchPages { get; } =
            Sorts.SelectMany(s => Matches.Select(m => (Sort: s, Match: m))).ToDictionary(
                x => (x.Sort.Key.Item1, x.Sort.Key.Item2, x.Match.Key),
                x => EF.CompileAsyncQuery(Expand(
                    (Expression<Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int, int, IQueryable<PageRow>>>)(
                        (db, status, tracking, key, keyEnd, fold, foldEnd, number, skip, take) =>
                            Sorted(db.Orders.Where(o => status == null || o.Status == status)
                                    .Where(o => Matching(db, tracking, key, keyEnd, fold, foldEnd, number).Contains(o.Number)))
                                .Select(o => Cut(o)).Skip(skip).Take(take).Join(db.Warehouses, c => c.WarehouseId, w => w.Id, (c, w) => Row(c, w.Name))),
                    x.Sort.Value, x.Match.Value)));

        public Dictionary<SearchShape, Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, Task<int>>> SearchCounts { get; } =
            Matches.ToDictionary(m => m.Key, m => EF.CompileAsyncQuery(Expand(
                (Expression<Func<OrdoroDbContext, OrderStatus?, string, string, string, string, string, int, int>>)(
                    (db, status, tracking, key, keyEnd, fold, foldEnd, number) =>
                        db.Orders.Where(o => status == null || o.Status == status)
                            .Where(o => Matching(db, tracking, key, keyEnd, fold, foldEnd, number).Contains(o.Number))
                            .Take(OrderGrid.CountCap + 1)
                            .Count()),
                null, m.Value)));

        /// <summary>The labels of a page's orders: one lookup per order on IX_Labels_OrderNumber, the numbers bound as one JSON value (OrdoroData).</summary>
        public Func<OrdoroDbContext, List<int>, IAsyncEnumerable<PageLabel>> Labels { get; } =
            EF.CompileAsyncQuery((OrdoroDbContext db, List<int> numbers) =>
                db.Labels.Where(l => numbers.Contains(l.OrderNumber))
                    .Select(l => new PageLabel(l.OrderNumber, l.Id, l.State, l.TrackingNumber, (RefundState?)l.Refund!.State)));
    }

    /// <summary>True when the compiled queries cover the request (no channel, warehouse, date or cancellation filter).</summary>
    public static bool Cover(OrderGridRequest request) =>
        string.IsNullOrEmpty(request.Channel) && request.WarehouseId is null && request.Cancellation is not { IsEmpty: false }
        && request.OrderDate is not { IsEmpty: false };

    public static async Task<List<PageRow>> PageAsync(
        OrdoroDbContext db, OrderGridRequest request, SearchTerms? search, int skip, int take, CancellationToken ct)
    {
        var status = request.Tab.Status();
        var rows = search is null
            ? For(db).TabPages[(request.Sort, request.Descending)](db, status, skip, take)
            : For(db).SearchPages[(request.Sort, request.Descending, search.Shape)](
                db, status, search.Tracking, search.Key, search.KeyEnd, search.Fold, search.FoldEnd, search.Number, skip, take);
        var list = new List<PageRow>(take);
        await foreach (var row in rows.WithCancellation(ct))
        {
            list.Add(row);
        }

        return list;
    }

    public static Task<int> CountAsync(OrdoroDbContext db, OrderGridRequest request, SearchTerms search) =>
        For(db).SearchCounts[search.Shape](db, request.Tab.Status(), search.Tracking, search.Key, search.KeyEnd, search.Fold, search.FoldEnd, search.Number);

    /// <summary>The general path's sort: the same expression the compiled queries inline.</summary>
    public static IQueryable<Order> Sort(IQueryable<Order> orders, OrderSort sort, bool descending)
    {
        var lambda = Sorts[(sort, descending)];
        return orders.Provider.CreateQuery<Order>(Inline(lambda, orders.Expression));
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

    /// <summary>The general path's page: the page's columns, skip and take, then the same row as the compiled queries.</summary>
    public static IQueryable<PageRow> Page(OrdoroDbContext db, IQueryable<Order> sorted, int skip, int take) =>
        sorted.Select(CutOf).Skip(skip).Take(take).Join(db.Warehouses, c => c.WarehouseId, w => w.Id, RowOfWarehouse);

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

    private static PageCut Cut(Order order) => throw new UnreachableException();

    private static PageRow Row(PageCut cut, string warehouse) => throw new UnreachableException();

    private static Expression<T> Expand<T>(Expression<T> template, LambdaExpression? sort, LambdaExpression? matches) =>
        Expression.Lambda<T>(new Placeholders(sort, matches).Visit(template.Body), template.Parameters);

    private static Expression Inline(LambdaExpression lambda, params Expression[] arguments) =>
        new Substitution(lambda.Parameters, arguments).Visit(lambda.Body);

    private sealed class Placeholders(LambdaExpression? sort, LambdaExpression? matches) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(OrderGridQueries))
            {
                var arguments = node.Arguments.Select(Visit).ToArray();
                return node.Method.Name switch
                {
                    nameof(Sorted) => Inline(sort!, arguments!),
                    nameof(Matching) => Inline(matches!, arguments!),
                    nameof(Cut) => Inline(CutOf, arguments!),
                    nameof(Row) => Inline(RowOf, arguments!),
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

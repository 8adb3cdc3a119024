using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Labels;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>
/// The Orders grid: one page of rows, the filtered total and the per-tab counts, in four short
/// queries whatever the page size (counts, total, page, the page's labels). Every filter is an
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

    public async Task<OrderGridPage> LoadAsync(OrderGridRequest request, CancellationToken ct = default)
    {
        var pageSize = OrderGridRequest.PageSizes.Contains(request.PageSize)
            ? request.PageSize
            : throw new InvalidRequestException($"A page holds 25, 50 or 100 orders, not {request.PageSize}.");
        var page = Math.Max(0, request.Page);

        var counts = await tabCounts.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);

        var filtered = Filter(db, request);
        var unfiltered = !request.HasFilters;
        // Without filters the tab count already is the total: no second COUNT.
        var total = unfiltered ? counts[request.Tab] : await filtered.Take(CountCap + 1).CountAsync(ct);

        var rows = await (
                from o in Sort(filtered, request.Sort, request.Descending).Skip(page * pageSize).Take(pageSize)
                join w in db.Warehouses on o.WarehouseId equals w.Id
                select new
                {
                    o.Number, o.OrderDate, o.CustomerName, o.Channel, Warehouse = w.Name, o.ItemCount, o.TotalCents,
                    o.Status, o.HandTrackingNumber, o.CancelledAt, o.CancelledByName, o.CancelReason, o.CancelComment,
                })
            .ToListAsync(ct);

        var numbers = rows.Select(r => r.Number).ToList();
        var labels = (await db.Labels
                .Where(l => numbers.Contains(l.OrderNumber))
                .OrderBy(l => l.Id)
                .Select(l => new
                {
                    l.OrderNumber, l.State, l.TrackingNumber,
                    Refund = l.Refund == null ? (RefundState?)null : l.Refund.State,
                })
                .ToListAsync(ct))
            .ToLookup(l => l.OrderNumber);

        var result = rows.Select(r =>
        {
            var orderLabels = labels[r.Number].ToList();
            var active = orderLabels.LastOrDefault(l => l.State == LabelState.Active);
            var latest = orderLabels.LastOrDefault();
            var cancelled = r.Status == OrderStatus.Cancelled;
            return new OrderGridRow(
                r.Number, r.OrderDate, r.CustomerName, r.Channel, r.Warehouse, r.ItemCount, r.TotalCents, r.Status,
                LabelState: active?.State ?? latest?.State,
                TrackingNumber: active?.TrackingNumber ?? r.HandTrackingNumber,
                RefundState: orderLabels.LastOrDefault(l => l.Refund is not null)?.Refund,
                CancelledAt: cancelled ? r.CancelledAt : null,
                CancelledByName: cancelled ? r.CancelledByName : null,
                CancelReason: cancelled ? r.CancelReason : null,
                CancelComment: cancelled ? r.CancelComment : null);
        }).ToList();

        return new OrderGridPage(result, Math.Min(total, unfiltered ? int.MaxValue : CountCap), counts, TotalIsCapped: !unfiltered && total > CountCap);
    }

    /// <summary>Which of these orders have an Active label (the Cancel dialog's delete-label box).</summary>
    public async Task<IReadOnlySet<int>> WithActiveLabelAsync(IReadOnlyCollection<int> orderNumbers, CancellationToken ct = default)
    {
        if (orderNumbers.Count == 0)
        {
            return new HashSet<int>();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var numbers = orderNumbers.Distinct().ToList();
        var withLabel = await db.Labels
            .Where(l => numbers.Contains(l.OrderNumber) && l.State == LabelState.Active)
            .Select(l => l.OrderNumber)
            .Distinct()
            .ToListAsync(ct);
        return withLabel.ToHashSet();
    }

    /// <summary>The choices of the channel and warehouse filters.</summary>
    public async Task<OrderGridFilters> FiltersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var channels = await db.Database.SqlQueryRaw<string>(SqliteStatements.DistinctOrderChannels).ToListAsync(ct);
        var warehouses = await db.Warehouses
            .OrderBy(w => w.Name)
            .Select(w => new WarehouseOption(w.Id, w.Name))
            .ToListAsync(ct);
        return new OrderGridFilters(channels, warehouses);
    }

    /// <summary>The page query's SQL, for tests that check SQLite's plan.</summary>
    public string PageSql(OrderGridRequest request)
    {
        using var db = contexts.CreateDbContext();
        return Sort(Filter(db, request), request.Sort, request.Descending)
            .Skip(request.Page * request.PageSize).Take(request.PageSize)
            .ToQueryString();
    }

    private static IQueryable<Order> Filter(OrdoroDbContext db, OrderGridRequest request)
    {
        IQueryable<Order> orders = db.Orders.AsNoTracking();
        if (request.Tab.Status() is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (!string.IsNullOrEmpty(request.Channel))
        {
            orders = orders.Where(o => o.Channel == request.Channel);
        }

        if (request.WarehouseId is { } warehouseId)
        {
            orders = orders.Where(o => o.WarehouseId == warehouseId);
        }

        if (request.Cancellation is { } cancellation)
        {
            orders = FilterCancellations(db, orders, cancellation);
        }

        return Search(db, orders, request.Search);
    }

    private static IQueryable<Order> FilterCancellations(OrdoroDbContext db, IQueryable<Order> orders, CancellationFilter filter)
    {
        if (filter.Reason is { } reason)
        {
            orders = orders.Where(o => o.CancelReason == reason);
        }

        if (filter.WithoutReason)
        {
            orders = orders.Where(o => o.Status == OrderStatus.Cancelled && o.CancelReason == null);
        }

        if (!string.IsNullOrEmpty(filter.CancelledBy))
        {
            orders = orders.Where(o => o.CancelledByName == filter.CancelledBy);
        }

        if (!string.IsNullOrEmpty(filter.Sku))
        {
            orders = orders.Where(o => db.OrderLines.Any(l => l.OrderNumber == o.Number && l.Sku == filter.Sku));
        }

        return orders;
    }

    /// <summary>
    /// Exact order number, channel order id prefix, customer name or email prefix, exact tracking
    /// number. Prefixes are written as ranges (col &gt;= p AND col &lt; next(p)) because SQLite only
    /// uses an index for LIKE on NOCASE columns; names are matched as typed and with a capital
    /// first letter, since the index is case-sensitive.
    /// </summary>
    private static IQueryable<Order> Search(OrdoroDbContext db, IQueryable<Order> orders, string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return orders;
        }

        if (text.Length > MaxSearchLength)
        {
            text = text[..MaxSearchLength];
        }

        var textEnd = PrefixEnd(text);
        var name = char.ToUpperInvariant(text[0]) + text[1..];
        var nameEnd = PrefixEnd(name);
        var email = text.ToLowerInvariant();
        var emailEnd = PrefixEnd(email);
        // Each term is its own indexed lookup, joined by UNION: one OR across columns lets SQLite
        // (with statistics) fall back to scanning the date index row by row.
        IQueryable<int> ByRange(System.Linq.Expressions.Expression<Func<Order, bool>> match) =>
            db.Orders.Where(match).Select(o => o.Number);

        var matches = db.Orders.Where(o => o.HandTrackingNumber == text).Select(o => o.Number)
            .Union(db.Labels.Where(l => l.TrackingNumber == text).Select(l => l.OrderNumber));
        var numeric = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        if (numeric)
        {
            matches = matches.Union(db.Orders.Where(o => o.Number == number).Select(o => o.Number));
        }

        if (text.Length >= MinPrefixLength)
        {
            matches = matches.Union(ByRange(o => string.Compare(o.ChannelOrderId, text) >= 0 && string.Compare(o.ChannelOrderId, textEnd) < 0));
        }

        if (text.Length >= MinPrefixLength && !numeric)
        {
            matches = matches
                .Union(ByRange(o => string.Compare(o.CustomerName, text) >= 0 && string.Compare(o.CustomerName, textEnd) < 0))
                .Union(ByRange(o => string.Compare(o.CustomerName, name) >= 0 && string.Compare(o.CustomerName, nameEnd) < 0))
                .Union(ByRange(o => string.Compare(o.CustomerEmail, email) >= 0 && string.Compare(o.CustomerEmail, emailEnd) < 0));
        }

        return orders.Where(o => matches.Contains(o.Number));
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>.</summary>
    private static string PrefixEnd(string prefix) =>
        prefix[..^1] + (char)(prefix[^1] + 1);

    private static IQueryable<Order> Sort(IQueryable<Order> orders, OrderSort sort, bool descending) =>
        // Number breaks ties so paging is stable; in SQLite it is the rowid, which every index
        // already ends with, so the date sort still walks the index.
        (sort, descending) switch
        {
            (OrderSort.Number, false) => orders.OrderBy(o => o.Number),
            (OrderSort.Number, true) => orders.OrderByDescending(o => o.Number),
            (OrderSort.Customer, false) => orders.OrderBy(o => o.CustomerName).ThenBy(o => o.Number),
            (OrderSort.Customer, true) => orders.OrderByDescending(o => o.CustomerName).ThenByDescending(o => o.Number),
            (OrderSort.Total, false) => orders.OrderBy(o => o.TotalCents).ThenBy(o => o.Number),
            (OrderSort.Total, true) => orders.OrderByDescending(o => o.TotalCents).ThenByDescending(o => o.Number),
            (_, false) => orders.OrderBy(o => o.OrderDate).ThenBy(o => o.Number),
            (_, true) => orders.OrderByDescending(o => o.OrderDate).ThenByDescending(o => o.Number),
        };
}

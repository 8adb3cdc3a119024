using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Products;

namespace OrdoroLite.Domain.Inventory;

public enum InventorySort
{
    Sku,
    Product,
    Warehouse,
    PhysicalOnHand,
    Committed,
    Available,
}

public sealed record InventoryRequest(
    string? Search = null,
    int? WarehouseId = null,
    InventorySort SortBy = InventorySort.Sku,
    bool Descending = false,
    int Page = 0,
    int PageSize = InventoryQuery.DefaultPageSize);

// Init properties rather than a positional record: EF can sort and filter on a member-init projection.
public sealed record InventoryRow
{
    public required int ProductId { get; init; }

    public required string Sku { get; init; }

    public required string ProductName { get; init; }

    public required int WarehouseId { get; init; }

    public required string WarehouseName { get; init; }

    public required int PhysicalOnHand { get; init; }

    public required int Committed { get; init; }

    /// <summary>Physical On Hand minus Committed; negative when more is promised than is on the shelf.</summary>
    public required int Available { get; init; }
}

public sealed record InventoryResult(IReadOnlyList<InventoryRow> Rows, int TotalCount);

public sealed record WarehouseOption(int Id, string Name);

/// <summary>
/// The inventory grid: one row per stock record (product × warehouse), a page at a time.
/// A product never stocked at a warehouse has no record there and is not listed.
/// </summary>
public sealed class InventoryQuery(IDbContextFactory<OrdoroDbContext> contexts)
{
    public const int DefaultPageSize = 25;
    public static IReadOnlyList<int> PageSizes => Paging.Sizes;

    public async Task<InventoryResult> PageAsync(InventoryRequest request, CancellationToken ct = default)
    {
        var (skip, take) = Paging.Of(request.Page, request.PageSize, "stock records");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Rows(db, request);
        var total = await rows.CountAsync(ct);
        var items = await Sorted(rows, request.SortBy, request.Descending)
            .Skip(skip)
            .Take(take)
            .ToListAsync(ct);
        return new InventoryResult(items, total);
    }

    internal static IQueryable<InventoryRow> Rows(OrdoroDbContext db, InventoryRequest request)
    {
        var rows =
            from level in db.Inventory.AsNoTracking()
            join product in Matching(db, request.Search) on level.ProductId equals product.Id
            join warehouse in db.Warehouses on level.WarehouseId equals warehouse.Id
            select new InventoryRow
            {
                ProductId = product.Id,
                Sku = product.Sku,
                ProductName = product.Name,
                WarehouseId = warehouse.Id,
                WarehouseName = warehouse.Name,
                PhysicalOnHand = level.PhysicalOnHand,
                Committed = level.Committed,
                Available = level.PhysicalOnHand - level.Committed,
            };
        return request.WarehouseId is { } warehouseId ? rows.Where(r => r.WarehouseId == warehouseId) : rows;
    }

    public async Task<IReadOnlyList<WarehouseOption>> WarehousesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Warehouses.AsNoTracking()
            .OrderBy(w => w.Name)
            .Select(w => new WarehouseOption(w.Id, w.Name))
            .ToListAsync(ct);
    }

    /// <summary>
    /// SKU or product name starting with the search text. SQLite's LIKE is case-insensitive and so
    /// cannot use the (BINARY) SKU and name indexes, so each prefix is a range on an index instead, and
    /// the ranges are a UNION (with an OR the planner scans every stock record until ANALYZE has run).
    /// To stay forgiving, the text is also tried in upper case (SKUs) and with a capital first letter (names).
    /// </summary>
    private static IQueryable<Product> Matching(OrdoroDbContext db, string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return db.Products.AsNoTracking();
        }

        var skuPrefixes = new[] { text, text.ToUpperInvariant() }.Distinct();
        var namePrefixes = new[] { text, char.ToUpperInvariant(text[0]) + text[1..] }.Distinct();
        var ranges = skuPrefixes.Select(prefix => SkuStartsWith(db, prefix))
            .Concat(namePrefixes.Select(prefix => NameStartsWith(db, prefix)));
        return ranges.Aggregate((all, next) => all.Union(next));
    }

    private static IQueryable<Product> SkuStartsWith(OrdoroDbContext db, string prefix)
    {
        var end = prefix + '\uffff';
        return db.Products.AsNoTracking().Where(p => string.Compare(p.Sku, prefix) >= 0 && string.Compare(p.Sku, end) < 0);
    }

    private static IQueryable<Product> NameStartsWith(OrdoroDbContext db, string prefix)
    {
        var end = prefix + '\uffff';
        return db.Products.AsNoTracking().Where(p => string.Compare(p.Name, prefix) >= 0 && string.Compare(p.Name, end) < 0);
    }

    private static IQueryable<InventoryRow> Sorted(IQueryable<InventoryRow> rows, InventorySort sort, bool descending) =>
        (sort, descending) switch
        {
            (InventorySort.Product, false) => rows.OrderBy(r => r.ProductName).ThenBy(r => r.WarehouseName),
            (InventorySort.Product, true) => rows.OrderByDescending(r => r.ProductName).ThenBy(r => r.WarehouseName),
            (InventorySort.Warehouse, false) => rows.OrderBy(r => r.WarehouseName).ThenBy(r => r.Sku),
            (InventorySort.Warehouse, true) => rows.OrderByDescending(r => r.WarehouseName).ThenBy(r => r.Sku),
            (InventorySort.PhysicalOnHand, false) => rows.OrderBy(r => r.PhysicalOnHand).ThenBy(r => r.Sku),
            (InventorySort.PhysicalOnHand, true) => rows.OrderByDescending(r => r.PhysicalOnHand).ThenBy(r => r.Sku),
            (InventorySort.Committed, false) => rows.OrderBy(r => r.Committed).ThenBy(r => r.Sku),
            (InventorySort.Committed, true) => rows.OrderByDescending(r => r.Committed).ThenBy(r => r.Sku),
            (InventorySort.Available, false) => rows.OrderBy(r => r.Available).ThenBy(r => r.Sku),
            (InventorySort.Available, true) => rows.OrderByDescending(r => r.Available).ThenBy(r => r.Sku),
            (_, true) => rows.OrderByDescending(r => r.Sku).ThenBy(r => r.WarehouseName),
            _ => rows.OrderBy(r => r.Sku).ThenBy(r => r.WarehouseName),
        };
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// Fills the key and search columns (<see cref="Keys"/>, <see cref="SearchText"/>) of rows written
/// before those columns existed, in C# (SQL cannot fold Unicode the same on every database), after
/// the migrations and before the app serves. New rows get them from the domain when written, so on
/// a current database this finds nothing to do (one indexed look per table).
/// Where two old rows turn out to be one key — "Shopify #1001" and "shopify #1001" — the later
/// row keeps a marked key (its key + "~" + its id) so the unique index holds, and an order gets a
/// "Possible duplicate" event on its timeline naming the other: a person decides, nothing is merged.
/// </summary>
public static class DerivedColumns
{
    public static readonly Actor Upgrade = Actor.System("Database upgrade");

    private const int Batch = 5_000;

    /// <summary>What the fill found: rows filled and the duplicate spellings it marked.</summary>
    public sealed record Report(int Filled, IReadOnlyList<string> Duplicates);

    /// <summary>Fills every missing key and search column, batch by batch, each batch in its own write transaction.</summary>
    public static async Task<Report> FillAsync(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        var duplicates = new List<string>();
        var filled = 0;
        filled += await FillKeysAsync<Warehouse>(contexts, w => w.NameKey == null, w => w.Id, w => Keys.Of(w.Name), nameof(Warehouse.NameKey),
            (w, other) => duplicates.Add($"Warehouse \"{w.Name}\" (id {w.Id}) is the same name as warehouse id {other}."), ct);
        filled += await FillKeysAsync<Product>(contexts, p => p.SkuKey == null, p => p.Id, p => Keys.Of(p.Sku), nameof(Product.SkuKey),
            (p, other) => duplicates.Add($"Product \"{p.Sku}\" (id {p.Id}) is the same SKU as product id {other}."), ct);
        filled += await FillLabelsAsync(contexts, ct);
        filled += await FillOrdersAsync(contexts, clock, duplicates, ct);
        return new Report(filled, duplicates);
    }

    private static async Task<int> FillKeysAsync<T>(IDbContextFactory<OrdoroDbContext> contexts, System.Linq.Expressions.Expression<Func<T, bool>> missing,
        Func<T, int> id, Func<T, string> key, string keyProperty, Action<T, int> duplicate, CancellationToken ct)
        where T : class
    {
        return await OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var rows = await db.Set<T>().AsNoTracking().Where(missing).ToListAsync(token);
            if (rows.Count == 0)
            {
                return 0;
            }

            var taken = (await db.Set<T>().AsNoTracking().Select(r => EF.Property<string?>(r, keyProperty)).Where(k => k != null).ToListAsync(token))
                .ToDictionary(k => k!, _ => 0, StringComparer.Ordinal);
            var values = new List<object?[]>();
            foreach (var row in rows.OrderBy(id))
            {
                var k = key(row);
                if (taken.TryGetValue(k, out var other))
                {
                    duplicate(row, other);
                    k = $"{k}~{id(row)}";
                }

                taken[k] = id(row);
                values.Add([k, id(row)]);
            }

            await UpdateAsync(db, typeof(T), [keyProperty], "Id", values, token);
            return rows.Count;
        }, ct);
    }

    private static async Task<int> FillLabelsAsync(IDbContextFactory<OrdoroDbContext> contexts, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var count = await OrdoroStore.WriteAsync(contexts, async (db, token) =>
            {
                var labels = await db.Labels.AsNoTracking().Where(l => l.TrackingKey == null).OrderBy(l => l.Id).Take(Batch)
                    .Select(l => new { l.Id, l.TrackingNumber }).ToListAsync(token);
                await UpdateAsync(db, typeof(Label), [nameof(Label.TrackingKey)], nameof(Label.Id),
                    labels.Select(l => new object?[] { SearchText.Tracking(l.TrackingNumber), l.Id }).ToList(), token);
                return labels.Count;
            }, ct);
            filled += count;
            if (count < Batch)
            {
                return filled;
            }
        }
    }

    private static async Task<int> FillOrdersAsync(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, List<string> duplicates,
        CancellationToken ct)
    {
        var filled = 0;
        HashSet<(string, string)>? taken = null;
        while (true)
        {
            var count = await OrdoroStore.WriteAsync(contexts, async (db, token) =>
            {
                var orders = await db.Orders.AsNoTracking().Where(o => o.ChannelKey == null).OrderBy(o => o.Number).Take(Batch)
                    .Select(o => new { o.Number, o.Channel, o.ChannelOrderId, o.CustomerName, o.CustomerEmail, o.HandTrackingNumber })
                    .ToListAsync(token);
                if (orders.Count == 0)
                {
                    return 0;
                }

                taken ??= (await db.Orders.AsNoTracking().Where(o => o.ChannelKey != null)
                        .Select(o => new { o.ChannelKey, o.ChannelOrderIdKey }).ToListAsync(token))
                    .Select(o => (o.ChannelKey!, o.ChannelOrderIdKey!)).ToHashSet();
                var firstOf = new Dictionary<(string, string), int>();
                var values = new List<object?[]>(orders.Count);
                var noted = new List<(int Number, int Other)>();
                foreach (var o in orders)
                {
                    var key = (Keys.Of(o.Channel), Keys.Of(o.ChannelOrderId));
                    var idKey = key.Item2;
                    if (!taken.Add(key))
                    {
                        var other = firstOf.TryGetValue(key, out var earlier) ? earlier : await FirstNumberAsync(db, key, token);
                        noted.Add((o.Number, other));
                        duplicates.Add($"Order {o.Number} ({o.Channel} {o.ChannelOrderId}) is the same channel order as order {other}.");
                        idKey = $"{idKey}~{o.Number}";
                    }

                    firstOf.TryAdd(key, o.Number);
                    values.Add([key.Item1, idKey, SearchText.Fold(o.CustomerName), SearchText.Surname(o.CustomerName),
                        SearchText.Fold(o.CustomerEmail), o.HandTrackingNumber is null ? null : SearchText.Tracking(o.HandTrackingNumber), o.Number]);
                }

                await UpdateAsync(db, typeof(Order),
                    [nameof(Order.ChannelKey), nameof(Order.ChannelOrderIdKey), nameof(Order.SearchName), nameof(Order.SearchSurname),
                        nameof(Order.SearchEmail), nameof(Order.HandTrackingKey)],
                    nameof(Order.Number), values, token);
                if (noted.Count > 0)
                {
                    var marked = await OrderBatch.LoadAsync(db, noted.Select(n => n.Number).ToList(), token);
                    foreach (var order in marked)
                    {
                        order.NotePossibleDuplicate(noted.First(n => n.Number == order.Number).Other, Upgrade, clock.GetUtcNow());
                    }

                    await OrdoroStore.SaveAsync(db, marked, null, token);
                }

                return orders.Count;
            }, ct);
            filled += count;
            if (count < Batch)
            {
                return filled;
            }
        }
    }

    private static Task<int> FirstNumberAsync(OrdoroDbContext db, (string Channel, string Id) key, CancellationToken ct) =>
        db.Orders.AsNoTracking().Where(o => o.ChannelKey == key.Channel && o.ChannelOrderIdKey == key.Id)
            .Select(o => o.Number).FirstAsync(ct);

    /// <summary>Sets the named columns by key through the provider's dialect (one statement per set).</summary>
    private static async Task UpdateAsync(OrdoroDbContext db, Type entity, IReadOnlyList<string> properties, string key,
        IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var type = db.Model.FindEntityType(entity)!;
        var table = type.GetTableName()!;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, type.GetSchema());
        Column ColumnOf(string name, bool isKey)
        {
            var property = type.FindProperty(name)!;
            return new Column(property.GetColumnName(store)!, property.GetRelationalTypeMapping(), isKey);
        }

        var target = new RowTarget(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction());
        var matched = await db.GetService<IStoreDialect>().UpdateAsync(target, table,
            properties.Select(p => ColumnOf(p, isKey: false)).ToList(), [ColumnOf(key, isKey: true)], rows, ct);
        if (matched != rows.Count)
        {
            throw new WriteConflictException($"{rows.Count - matched} of {rows.Count} rows of {table} changed while their keys were filled.");
        }
    }
}

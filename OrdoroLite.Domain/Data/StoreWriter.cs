using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// The one writer. Use cases change orders in memory through their rules; this applies what
/// those changes state, set by set, in the operation's transaction: new orders with what they
/// hold; changed orders where their <see cref="Order.Version"/> is still the one read (else
/// <see cref="WriteConflictException"/>); new and changed labels, refund requests and channel cancellations; new timeline
/// events; stock changes and report changes as additions (<c>x = x + d</c>). Columns, types and
/// which columns may change come from the EF model (Data/Configurations), so a new column needs
/// no change here; the SQL per database is the provider's <see cref="IStoreDialect"/>.
/// </summary>
public static class StoreWriter
{
    private static readonly ConditionalWeakTable<IModel, Maps> PerModel = new();

    /// <summary>Writes the orders' changes and the book's stock changes in the context's open write transaction.</summary>
    /// <param name="orders">New orders and loaded orders, changed or not (unchanged ones write only appended events, and must still be at the version read).</param>
    /// <param name="book">The stock the operation moved, or null when it moved none.</param>
    /// <exception cref="WriteConflictException">Another writer changed one of the orders since it was read.</exception>
    public static Task SaveAsync(OrdoroDbContext db, IReadOnlyCollection<Order> orders, InventoryBook? book, CancellationToken ct) =>
        SaveAsync(db, orders, book, collect: null, ct);

    /// <inheritdoc cref="SaveAsync(OrdoroDbContext, IReadOnlyCollection{Order}, InventoryBook?, CancellationToken)"/>
    /// <param name="collect">
    /// Null: the orders' report changes are written now. Given: they are added to it instead, for
    /// one <see cref="WriteReportAsync"/> later (a seed writing a million orders in batches then
    /// writes each summary row once).
    /// </param>
    public static async Task SaveAsync(OrdoroDbContext db, IReadOnlyCollection<Order> orders, InventoryBook? book,
        ReportChange? collect, CancellationToken ct)
    {
        // EF's SaveChanges first: its interceptors see every write (the tests hold a session here
        // to race another), and anything an operation added to the context the usual way is saved.
        await db.SaveChangesAsync(ct);

        var (dialect, target, maps) = Open(db);

        // What the report counts changes by, stated before new orders get their numbers.
        var report = collect ?? new ReportChange();
        foreach (var order in orders)
        {
            order.AddReportChange(report);
        }

        var changed = orders.Where(o => o.IsChanged).OrderBy(o => o.Number).ToList();
        if (changed.Count > 0)
        {
            var matched = await maps.Orders.UpdateAsync(dialect, target, changed, ct);
            if (matched != changed.Count)
            {
                throw new WriteConflictException(
                    $"{changed.Count - matched} of {changed.Count} orders were changed by someone else since they were read.");
            }
        }

        // Orders read and left as they were (skipped by a rule, or given only an event): the operation's
        // decision stood on the version it read, so that must still be the stored one when it commits —
        // checked, and held until commit, by writing the version unchanged. On SQLite the write lock makes
        // this a formality; on PostgreSQL at READ COMMITTED it is what keeps a batch that skipped an order
        // from interleaving with one that changed it (docs/architecture.md, "How a cancel flows").
        var kept = orders.Where(o => !o.IsNew && !o.IsChanged).OrderBy(o => o.Number).ToList();
        if (kept.Count > 0)
        {
            var matched = await maps.Orders.CheckVersionsAsync(dialect, target, kept, ct);
            if (matched != kept.Count)
            {
                throw new WriteConflictException(
                    $"{kept.Count - matched} of {kept.Count} orders were changed by someone else since they were read.");
            }
        }

        var created = orders.Where(o => o.IsNew).ToList();
        await AssignKeysAsync(dialect, target, maps.Orders, created, (order, key) => order.Stored((int)key), ct);
        await maps.Orders.InsertAsync(dialect, target, created, ct);
        await maps.Lines.InsertAsync(dialect, target, await NewAsync(created.SelectMany(o => o.Lines), l => l.Id == 0, maps.Lines,
            (line, key) => line.Stored((int)key)), ct);

        var labels = orders.SelectMany(o => o.Labels).ToList();
        await maps.Labels.InsertAsync(dialect, target, await NewAsync(labels, l => l.Id == 0, maps.Labels, (label, key) => label.Stored((int)key)), ct);
        await maps.Labels.UpdateAsync(dialect, target, labels.Where(l => l.IsChanged && l.Id != 0).ToList(), ct);
        var refunds = labels.Select(l => l.Refund).OfType<RefundRequest>().ToList();
        var newRefunds = await NewAsync(refunds, r => r.Id == 0, maps.Refunds, (refund, key) => refund.Stored((int)key));
        await maps.Refunds.UpdateAsync(dialect, target, refunds.Where(r => r.IsChanged && !newRefunds.Contains(r)).ToList(), ct);
        await maps.Refunds.InsertAsync(dialect, target, newRefunds, ct);
        var channelCancellations = orders.SelectMany(o => o.ChannelCancellations).ToList();
        var newChannelCancellations = await NewAsync(channelCancellations, c => c.Id == 0, maps.ChannelCancellations,
            (request, key) => request.Stored((int)key));
        await maps.ChannelCancellations.UpdateAsync(dialect, target,
            channelCancellations.Where(c => c.IsChanged && !newChannelCancellations.Contains(c)).ToList(), ct);
        await maps.ChannelCancellations.InsertAsync(dialect, target, newChannelCancellations, ct);
        await maps.Events.InsertAsync(dialect, target, await NewAsync(orders.SelectMany(o => o.Events), e => e.Id == 0, maps.Events,
            (e, key) => e.Stored(key)), ct);

        if (book is not null)
        {
            // In key order, so writers that meet lock rows in the same order (no deadlock).
            await maps.Table(typeof(InventoryLevel)).AddAsync(dialect, target, book.Changes.ToList(), ct);
        }

        if (collect is null)
        {
            await WriteReportAsync(dialect, target, maps, report, ct);
        }

        foreach (var order in orders)
        {
            order.AcceptChanges(versionAdvanced: changed.Contains(order));
        }

        book?.AcceptChanges();

        async Task<List<T>> NewAsync<T>(IEnumerable<T> rows, Func<T, bool> isNew, TableMap map, Action<T, long> stored)
            where T : class
        {
            var fresh = rows.Where(isNew).ToList();
            await AssignKeysAsync(dialect, target, map, fresh, stored, ct);
            return fresh;
        }
    }

    /// <summary>Adds report changes to the summary tables, in the context's open write transaction.</summary>
    public static Task WriteReportAsync(OrdoroDbContext db, ReportChange report, CancellationToken ct)
    {
        var (dialect, target, maps) = Open(db);
        return WriteReportAsync(dialect, target, maps, report, ct);
    }

    private static async Task WriteReportAsync(IStoreDialect dialect, RowTarget target, Maps maps, ReportChange report, CancellationToken ct)
    {
        // Each table in key order, so writers that meet lock rows in the same order (no deadlock).
        await maps.Table(typeof(ReportOrderDay)).AddAsync(dialect, target,
            report.OrderDays.OrderBy(r => r.Day).ThenBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.WarehouseId).ToList(), ct);
        await maps.Table(typeof(ReportCancelDay)).AddAsync(dialect, target,
            report.CancelDays.OrderBy(r => r.Day).ThenBy(r => r.CancelReason, StringComparer.Ordinal).ThenBy(r => r.StaffKnown)
                .ThenBy(r => r.CancelledByName, StringComparer.Ordinal).ThenBy(r => r.CancelledOnChannel).ToList(), ct);
        await maps.Table(typeof(ReportSkuDay)).AddAsync(dialect, target,
            report.SkuDays.OrderBy(r => r.Sku, StringComparer.Ordinal).ThenBy(r => r.Day).ToList(), ct);
        await maps.Table(typeof(ReportSkuWeek)).AddAsync(dialect, target,
            report.SkuWeeks.OrderBy(r => r.Sku, StringComparer.Ordinal).ThenBy(r => r.Week).ToList(), ct);
        await maps.Table(typeof(ReportLabelDay)).AddAsync(dialect, target, report.LabelDays.OrderBy(r => r.Day).ToList(), ct);
        await maps.Table(typeof(ReportKeptLabelDay)).AddAsync(dialect, target,
            report.KeptLabelDays.OrderBy(r => r.Day).ThenBy(r => r.Carrier, StringComparer.Ordinal).ThenBy(r => r.LabelDay).ThenBy(r => r.Scanned).ToList(), ct);
    }

    private static (IStoreDialect Dialect, RowTarget Target, Maps Maps) Open(OrdoroDbContext db)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The writer runs inside an operation's write transaction (OrdoroStore.WriteAsync).");
        return (db.GetService<IStoreDialect>(), new RowTarget(db.Database.GetDbConnection(), transaction.GetDbTransaction()),
            PerModel.GetValue(db.Model, model => new Maps(model)));
    }

    private static async Task AssignKeysAsync<T>(IStoreDialect dialect, RowTarget target, TableMap map, IReadOnlyList<T> rows,
        Action<T, long> stored, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var keys = await dialect.ReserveKeysAsync(target, map.Table, map.Key.Column.Name, rows.Count, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            stored(rows[i], keys[i]);
        }
    }

    /// <summary>The tables the writer knows, mapped once per EF model.</summary>
    private sealed class Maps(IModel model)
    {
        private readonly Dictionary<Type, TableMap> _tables = [];

        public TableMap Orders => Table(typeof(Order));

        public TableMap Lines => Table(typeof(OrderLine));

        public TableMap Labels => Table(typeof(Label));

        public TableMap Refunds => Table(typeof(RefundRequest));

        public TableMap Events => Table(typeof(OrderEvent));

        public TableMap ChannelCancellations => Table(typeof(ChannelCancellation));

        public TableMap Table(Type type)
        {
            lock (_tables)
            {
                if (!_tables.TryGetValue(type, out var map))
                {
                    _tables.Add(type, map = new TableMap(model.FindEntityType(type)
                        ?? throw new InvalidOperationException($"{type.Name} is not in the model.")));
                }

                return map;
            }
        }
    }

    /// <summary>One entity type's table: its columns, how to read each from an entity as a provider value, and which may change.</summary>
    private sealed class TableMap
    {
        private readonly IReadOnlyList<MappedColumn> _columns;
        private readonly IReadOnlyList<MappedColumn> _mutable;
        private readonly IReadOnlyList<MappedColumn> _keys;
        private readonly MappedColumn? _token;

        public TableMap(IEntityType type)
        {
            Table = type.GetTableName()!;
            var table = StoreObjectIdentifier.Table(Table, type.GetSchema());
            var columns = new List<MappedColumn>();
            foreach (var property in type.GetProperties())
            {
                columns.Add(new MappedColumn(property, property.GetColumnName(table)!, Getter(type.ClrType, property, owner: null)));
            }

            foreach (var complex in type.GetComplexProperties())
            {
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    columns.Add(new MappedColumn(property, property.GetColumnName(table)!, Getter(type.ClrType, property, complex)));
                }
            }

            _columns = columns;
            _keys = columns.Where(c => c.Column.IsKey).ToList();
            _token = columns.SingleOrDefault(c => c.Property.IsConcurrencyToken);
            _mutable = columns.Where(c => !c.Column.IsKey && c != _token && c.Property.GetAfterSaveBehavior() == PropertySaveBehavior.Save).ToList();
        }

        public string Table { get; }

        public MappedColumn Key => _keys.Single();

        public Task InsertAsync<T>(IStoreDialect dialect, RowTarget target, IReadOnlyList<T> entities, CancellationToken ct)
            where T : class =>
            entities.Count == 0
                ? Task.CompletedTask
                : dialect.InsertAsync(target, new RowSet(Table, _columns.Select(c => c.Column).ToList(),
                    entities.Select(e => _columns.Select(c => c.Read(e)).ToArray()).ToList()), ct);

        /// <summary>Adds every non-key value of each entity (a change, not a state) to the stored row with its key.</summary>
        public Task AddAsync<T>(IStoreDialect dialect, RowTarget target, IReadOnlyList<T> changes, CancellationToken ct)
            where T : class =>
            changes.Count == 0
                ? Task.CompletedTask
                : dialect.AddAsync(target, new RowSet(Table, _columns.Select(c => c.Column).ToList(),
                    changes.Select(e => _columns.Select(c => c.Read(e)).ToArray()).ToList()), ct);

        /// <summary>Writes the columns that may change, where the key (and the concurrency token, as read) match; the token goes up by one.</summary>
        /// <returns>How many stored rows matched.</returns>
        public async Task<int> UpdateAsync<T>(IStoreDialect dialect, RowTarget target, IReadOnlyList<T> entities, CancellationToken ct)
            where T : class
        {
            if (entities.Count == 0)
            {
                return 0;
            }

            var set = _mutable.Select(c => c.Column).ToList();
            var where = _keys.Select(c => c.Column).ToList();
            if (_token is not null)
            {
                set.Add(_token.Column);
                where.Add(_token.Column);
            }

            var rows = entities.Select(e =>
            {
                var values = new List<object?>(set.Count + where.Count);
                values.AddRange(_mutable.Select(c => c.Read(e)));
                var token = _token?.Read(e);
                if (_token is not null)
                {
                    values.Add(Convert.ToInt32(token, System.Globalization.CultureInfo.InvariantCulture) + 1);
                }

                values.AddRange(_keys.Select(c => c.Read(e)));
                if (_token is not null)
                {
                    values.Add(token);
                }

                return values.ToArray();
            }).ToList();
            var matched = await dialect.UpdateAsync(target, Table, set, where, rows, ct);
            if (_token is null && matched != entities.Count)
            {
                throw new WriteConflictException($"{entities.Count - matched} of {entities.Count} rows of {Table} were not found.");
            }

            return matched;
        }

        /// <summary>Writes each entity's concurrency token unchanged where the key and the token (as read) match.</summary>
        /// <returns>How many stored rows still had the token as read.</returns>
        public Task<int> CheckVersionsAsync<T>(IStoreDialect dialect, RowTarget target, IReadOnlyList<T> entities, CancellationToken ct)
            where T : class
        {
            var token = _token ?? throw new InvalidOperationException($"{Table} has no concurrency token.");
            var where = _keys.Select(c => c.Column).Append(token.Column).ToList();
            var rows = entities.Select(e => _keys.Select(c => c.Read(e)).Prepend(token.Read(e)).Append(token.Read(e)).ToArray()).ToList();
            return dialect.UpdateAsync(target, Table, [token.Column], where, rows, ct);
        }

        private static Func<object, object?> Getter(Type entityType, IProperty property, IComplexProperty? owner)
        {
            // (object e) => (object?)((TEntity)e).Property  or  ((TEntity)e).Owner?.Property
            var entity = Expression.Parameter(typeof(object), "e");
            Expression typed = Expression.Convert(entity, entityType);
            Expression value;
            if (owner is null)
            {
                value = Expression.Convert(Member(typed, property), typeof(object));
            }
            else
            {
                var complex = Member(typed, owner);
                value = Expression.Condition(
                    Expression.Equal(complex, Expression.Constant(null, complex.Type)),
                    Expression.Constant(null, typeof(object)),
                    Expression.Convert(Member(complex, property), typeof(object)));
            }

            var read = Expression.Lambda<Func<object, object?>>(value, entity).Compile();
            var converter = property.GetRelationalTypeMapping().Converter;
            return converter is null ? read : e => converter.ConvertToProvider(read(e));
        }

        private static Expression Member(Expression instance, IPropertyBase property) =>
            property.PropertyInfo is { } info ? Expression.Property(instance, info)
            : property.FieldInfo is { } field ? Expression.Field(instance, field)
            : throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} has no CLR member to read.");
    }

    private sealed record MappedColumn(IProperty Property, string Name, Func<object, object?> Read)
    {
        public Column Column { get; } = new(Name, Property.GetRelationalTypeMapping(), Property.IsPrimaryKey());
    }
}

/// <summary>Another writer changed the same rows first; the operation may run again on fresh data.</summary>
public sealed class WriteConflictException(string message) : Exception(message);

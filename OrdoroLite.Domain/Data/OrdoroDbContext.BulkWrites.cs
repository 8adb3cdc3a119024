using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// Saving hundreds to hundreds of thousands of rows (bulk actions, import) as the last step of
/// an operation, inside its open transaction. On SQLite the rows are written by prepared
/// statements (<see cref="SqliteBulkDatabase"/>); another provider falls back to SaveChanges.
/// </summary>
public sealed partial class OrdoroDbContext
{
    internal bool SavingInBulk { get; private set; }

    /// <summary>New entities found under the changed ones: inserted after the tracked changes, never tracked.</summary>
    private List<NewRow> NewRows { get; } = [];

    private bool CanWriteInBulk =>
        this.GetService<IDatabase>() is SqliteBulkDatabase && Database.CurrentTransaction is not null;

    /// <summary>
    /// Begins an operation's write transaction, taking the write lock before any read, so two
    /// staff acting at once are serialized. When another write (an import, a bulk action) holds
    /// the lock past the busy timeout, says so in a sentence and changes nothing.
    /// </summary>
    public async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct)
    {
        try
        {
            return await Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        }
        catch (Exception e) when (SqliteStatements.IsBusy(e))
        {
            throw new DomainException(
                "Another change is still being saved (for example a large import). Nothing was changed; try again in a minute.");
        }
    }

    /// <summary>
    /// Saves what the operation changed. Afterwards the context tracks nothing: it has done its
    /// one operation.
    /// </summary>
    /// <param name="changed">
    /// When given, only these tracked entities and what their navigations hold are checked, and
    /// new entities under them are written without being attached to the change tracker. At
    /// 10,000 orders, comparing every tracked entity with its snapshot and attaching ~50,000 new
    /// timeline events cost more than writing the rows.
    /// </param>
    /// <param name="changedOrders">
    /// When given, the save changes only these orders and what they hold (labels, refund
    /// requests, timeline), so data derived from orders (the report's summaries) can be updated for
    /// them in one pass instead of row by row.
    /// </param>
    public async Task SaveInBulkAsync(IEnumerable<object>? changed, IReadOnlyCollection<int>? changedOrders, CancellationToken ct)
    {
        // Entry() would otherwise detect changes (and attach new entities) on every entity it is given.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        SavingInBulk = true;
        try
        {
            if (changed is null || !CanWriteInBulk)
            {
                ChangeTracker.DetectChanges();
            }
            else
            {
                var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
                foreach (var entity in changed)
                {
                    CollectChanges(Entry(entity), seen);
                }
            }

            async Task WriteAsync()
            {
                // Not accepting the changes saves a pass over every entry; Clear leaves nothing to save twice.
                await SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                if (NewRows.Count > 0)
                {
                    SqliteBulkDatabase.InsertNew(this, NewRows);
                }
            }

            if (changedOrders is { Count: > 0 } && CanWriteInBulk)
            {
                await SqliteBulkDatabase.WriteChangesOfOrdersAsync(this, changedOrders, WriteAsync);
            }
            else
            {
                await WriteAsync();
            }

            ChangeTracker.Clear();
        }
        finally
        {
            SavingInBulk = false;
            NewRows.Clear();
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Inserts new orders with their lines and timelines without tracking them, inside the
    /// caller's open transaction: an import's 100,000 orders.
    /// </summary>
    public async Task InsertOrdersInBulkAsync(IReadOnlyCollection<Order> orders, CancellationToken ct)
    {
        if (!CanWriteInBulk)
        {
            Orders.AddRange(orders);
            await SaveChangesAsync(ct);
            return;
        }

        await SqliteBulkDatabase.InsertNewOrdersAsync(this, orders);
    }

    /// <summary>
    /// Marks the entity's changed properties (compared with EF's snapshot, as DetectChanges does) and
    /// does the same for the tracked entities its navigations hold; collects the untracked ones as new rows.
    /// </summary>
    private void CollectChanges(EntityEntry entry, HashSet<object> seen)
    {
        if (!seen.Add(entry.Entity))
        {
            return;
        }

        if (entry.State != EntityState.Unchanged)
        {
            entry.DetectChanges();
            return;
        }

        foreach (var property in entry.Properties.Concat(entry.ComplexProperties.SelectMany(c => c.Properties)))
        {
            if (!property.Metadata.IsPrimaryKey()
                && !property.Metadata.GetValueComparer().Equals(property.OriginalValue, property.CurrentValue))
            {
                property.IsModified = true;
            }
        }

        foreach (var navigation in entry.Navigations)
        {
            if (navigation.Metadata is not INavigation { IsOnDependent: false } nav || nav.TargetEntityType.IsMappedToJson())
            {
                continue;
            }

            var value = navigation.CurrentValue;
            foreach (var item in value as System.Collections.IEnumerable ?? (value is null ? [] : new[] { value }))
            {
                var itemEntry = Entry(item);
                if (itemEntry.State == EntityState.Detached)
                {
                    var parentKey = nav.ForeignKey.PrincipalKey.Properties.Single();
                    NewRows.Add(new NewRow(nav.TargetEntityType, item,
                        new Dictionary<IProperty, object> { [nav.ForeignKey.Properties.Single()] = entry.Property(parentKey).CurrentValue! }));
                }
                else
                {
                    CollectChanges(itemEntry, seen);
                }
            }
        }
    }
}

/// <summary>An untracked new entity to insert with its own children; <see cref="ForeignKey"/> points it at its existing parent.</summary>
internal sealed record NewRow(IEntityType Type, object Entity, IReadOnlyDictionary<IProperty, object>? ForeignKey);

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// The write path every use case takes: one short-lived context and one write transaction per
/// attempt, the operation's reads and rules inside it, <see cref="StoreWriter"/> applying what
/// changed, then commit. When another writer changed the same rows first (a version that no
/// longer matches, or the database's own serialization failure) nothing of the attempt is kept
/// and the operation runs again on fresh data, a few times, before the user gets a sentence.
/// </summary>
public static class OrdoroStore
{
    /// <summary>Attempts per operation, the first included.</summary>
    public const int Attempts = 4;

    public const string ConflictMessage =
        "Someone else was changing the same orders at the same moment, and trying again did not get through. Nothing was changed; try again.";

    public const string BusyMessage =
        "Another change is still being saved (for example a large import). Nothing was changed; try again in a minute.";

    /// <summary>
    /// Runs <paramref name="operation"/> in a write transaction on a new context and commits it.
    /// The operation may run more than once: it must read everything it decides on from the
    /// context it is given, and must not act outside the database before the last attempt.
    /// </summary>
    /// <exception cref="DomainException">The database stayed busy, or conflicts persisted (nothing was changed).</exception>
    public static async Task<T> WriteAsync<T>(IDbContextFactory<OrdoroDbContext> contexts,
        Func<OrdoroDbContext, CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var dialect = db.GetService<IStoreDialect>();
            try
            {
                await using var transaction = await dialect.BeginWriteAsync(db.Database, ct);
                var result = await operation(db, ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (dialect.IsBusy(e))
            {
                throw new DomainException(BusyMessage);
            }
            catch (Exception e) when (e is WriteConflictException || dialect.IsConflict(e))
            {
                if (attempt == Attempts)
                {
                    throw new DomainException(ConflictMessage);
                }

                // A short, random pause so two writers that met do not meet again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 60) * attempt), ct);
            }
        }
    }

    /// <summary>Saves what the orders and the book state, in the operation's transaction (see <see cref="StoreWriter"/>).</summary>
    /// <exception cref="WriteConflictException">Another writer changed one of the orders since it was read.</exception>
    public static Task SaveAsync(OrdoroDbContext db, IReadOnlyCollection<Order> orders, InventoryBook? book, CancellationToken ct) =>
        StoreWriter.SaveAsync(db, orders, book, ct);
}

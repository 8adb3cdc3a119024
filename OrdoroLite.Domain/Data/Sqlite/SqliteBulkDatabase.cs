using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// EF Core's database service with one addition: a save started by
/// <see cref="OrdoroDbContext.SaveInBulkAsync"/> inside an open transaction is written by
/// <see cref="SqliteChangeWriter"/>. Everything else about SaveChanges stays EF's own: change
/// detection, interceptors, generated keys reaching the children, accepting the changes.
/// </summary>
internal sealed class SqliteBulkDatabase(
    DatabaseDependencies dependencies,
    RelationalDatabaseDependencies relationalDependencies,
    ICurrentDbContext current)
    : RelationalDatabase(dependencies, relationalDependencies)
{
    public override int SaveChanges(IList<IUpdateEntry> entries) =>
        InBulk(out var connection) ? SqliteChangeWriter.Write(connection, entries) : base.SaveChanges(entries);

    public override Task<int> SaveChangesAsync(IList<IUpdateEntry> entries, CancellationToken cancellationToken = default) =>
        InBulk(out var connection)
            ? Task.FromResult(SqliteChangeWriter.Write(connection, entries))
            : base.SaveChangesAsync(entries, cancellationToken);

    /// <summary>Inserts new, untracked entities (each with what its navigations hold) on the context's connection and transaction.</summary>
    public static void InsertNew(OrdoroDbContext db, IEnumerable<NewRow> rows)
    {
        using var writer = new SqliteGraphWriter((SqliteConnection)db.Database.GetDbConnection());
        try
        {
            foreach (var row in rows)
            {
                writer.Insert(row.Type, row.Entity, row.ForeignKey);
            }
        }
        catch (SqliteException e)
        {
            // As SaveChanges reports it, so callers handle one kind of failure.
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", e);
        }
    }

    private bool InBulk(out SqliteConnection connection)
    {
        var context = current.Context;
        connection = (SqliteConnection)context.Database.GetDbConnection();
        return context is OrdoroDbContext { SavingInBulk: true } && context.Database.CurrentTransaction is not null;
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using OrdoroLite.Domain.Orders;

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

    /// <summary>
    /// Inserts new orders (with what they hold) and adds them to the report's summaries in one pass
    /// per summary table instead of one trigger per row; the triggers are dropped meanwhile and
    /// created again in the same transaction, so a failure restores them with everything else.
    /// </summary>
    public static void InsertNewOrders(OrdoroDbContext db, IEnumerable<Order> orders)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        long after;
        using (var max = Command("""SELECT COALESCE(MAX("Number"), 0) FROM "Orders";"""))
        {
            after = Convert.ToInt64(max.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var drop = Command(SqliteReportSummaries.DropTriggers))
        {
            drop.ExecuteNonQuery();
        }

        var type = db.Model.FindEntityType(typeof(Order))!;
        InsertNew(db, orders.Select(order => new NewRow(type, order, null)));
        using (var add = Command(SqliteReportSummaries.AddOrdersAfter))
        {
            add.Parameters.AddWithValue("@after", after);
            add.ExecuteNonQuery();
        }

        using var create = Command(SqliteReportSummaries.CreateTriggers);
        create.ExecuteNonQuery();
    }

    private bool InBulk(out SqliteConnection connection)
    {
        var context = current.Context;
        connection = (SqliteConnection)context.Database.GetDbConnection();
        return context is OrdoroDbContext { SavingInBulk: true } && context.Database.CurrentTransaction is not null;
    }
}

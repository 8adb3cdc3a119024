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
            throw SqliteStatements.WriteFailed(e);
        }
    }

    /// <summary>
    /// Inserts new orders (with what they hold) and adds them to the report's summaries in one pass
    /// per summary table instead of one trigger per row.
    /// </summary>
    public static Task InsertNewOrdersAsync(OrdoroDbContext db, IEnumerable<Order> orders)
    {
        var type = db.Model.FindEntityType(typeof(Order))!;
        long after = 0;
        return WithSummaryTriggersSetAsideAsync(
            db,
            before: command =>
            {
                command.CommandText = """SELECT COALESCE(MAX("Number"), 0) FROM "Orders";""";
                after = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            },
            write: () =>
            {
                InsertNew(db, orders.Select(order => new NewRow(type, order, null)));
                return Task.CompletedTask;
            },
            after: command =>
            {
                command.CommandText = SqliteReportSummaries.AddOrdersAfter;
                command.Parameters.AddWithValue("@after", after);
                command.ExecuteNonQuery();
            });
    }

    /// <summary>
    /// Runs a bulk action's writes, which change only the given orders and what they hold, with the
    /// report summaries kept by what those orders count before and after (one write per summary
    /// row, <see cref="SqliteReportSummaries.BeforeChangingOrders"/>) instead of a trigger per
    /// changed row.
    /// </summary>
    public static Task WriteChangesOfOrdersAsync(OrdoroDbContext db, IReadOnlyCollection<int> orderNumbers, Func<Task> write)
    {
        var numbers = System.Text.Json.JsonSerializer.Serialize(orderNumbers);
        Action<SqliteCommand> Sums(string sql) => command =>
        {
            command.CommandText = sql;
            command.Parameters.AddWithValue("@numbers", numbers);
            command.ExecuteNonQuery();
        };

        return WithSummaryTriggersSetAsideAsync(db, Sums(SqliteReportSummaries.BeforeChangingOrders), write, Sums(SqliteReportSummaries.AfterChangingOrders));
    }

    /// <summary>
    /// Drops the summary triggers, runs the steps, and creates the triggers again, all in the
    /// caller's transaction: a failure rolls the triggers back with everything else, and other
    /// connections never see the database without them.
    /// </summary>
    private static async Task WithSummaryTriggersSetAsideAsync(OrdoroDbContext db, Action<SqliteCommand> before, Func<Task> write,
        Action<SqliteCommand> after)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        void Run(Action<SqliteCommand> step)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            step(command);
        }

        void Execute(string sql) => Run(command =>
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        });

        Run(before);
        Execute(SqliteReportSummaries.DropTriggers);
        await write();
        Run(after);
        Execute(SqliteReportSummaries.CreateTriggers);
    }

    private bool InBulk(out SqliteConnection connection)
    {
        var context = current.Context;
        connection = (SqliteConnection)context.Database.GetDbConnection();
        return context is OrdoroDbContext { SavingInBulk: true } && context.Database.CurrentTransaction is not null;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// Hints a neutral query may give the database's query planner; each provider translates them in
/// <see cref="IDatabaseProvider.ConfigureModel"/>: <see cref="Mostly"/> and <see cref="Rarely"/> as SQLite's
/// <c>likelihood()</c> (PostgreSQL, whose statistics already know: the condition as it is), and
/// <see cref="Unindexed(int)"/> as a function of the key that returns it. They never change which rows
/// match, nor their order.
/// </summary>
public static class PlannerHints
{
    /// <summary>
    /// The condition, marked as true for most rows: the planner should find rows another way (e.g.
    /// by walking the sort's index) rather than read every row the condition's own index selects.
    /// For a date range, which SQLite without STAT4 takes as narrow whatever its width. Only in
    /// queries.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a query.</exception>
    public static bool Mostly(bool condition) =>
        throw new InvalidOperationException($"{nameof(PlannerHints)}.{nameof(Mostly)} is only for queries the database runs.");

    /// <summary>
    /// The condition, marked as true for few rows: the planner should read the rows the condition's
    /// own index selects and sort them, rather than walk the sort's index testing each row. For an
    /// equality SQLite's statistics take as average when the value is rare. Only in queries.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a query.</exception>
    public static bool Rarely(bool condition) =>
        throw new InvalidOperationException($"{nameof(PlannerHints)}.{nameof(Rarely)} is only for queries the database runs.");

    /// <summary>
    /// A sort key, hidden from the planner's index matching: it should read the rows the conditions
    /// select and sort them, rather than walk an index in this order testing each row. For a sort
    /// whose order follows another column the planner takes as independent (an order's number
    /// follows its order date): walking the numbers oldest first to find the last 30 days reads every
    /// older order first. Each provider writes it as a function of the key repeated that returns the
    /// key (<see cref="MapUnindexed"/>; no index matches an expression). Only in queries.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a query.</exception>
    public static int Unindexed(int key) =>
        throw new InvalidOperationException($"{nameof(PlannerHints)}.{nameof(Unindexed)} is only for queries the database runs.");

    /// <inheritdoc cref="Unindexed(int)"/>
    public static DateTimeOffset Unindexed(DateTimeOffset key) =>
        throw new InvalidOperationException($"{nameof(PlannerHints)}.{nameof(Unindexed)} is only for queries the database runs.");

    /// <summary>
    /// Maps <see cref="Unindexed(int)"/> and its overload to <paramref name="function"/>(key, key),
    /// a function of two values of one type that returns the key when both are it. Not COALESCE:
    /// EF folds a COALESCE of one argument repeated into the argument itself.
    /// </summary>
    internal static void MapUnindexed(ModelBuilder model, string function)
    {
        foreach (var method in typeof(PlannerHints).GetMethods().Where(m => m.Name == nameof(Unindexed)))
        {
            model.HasDbFunction(method).HasTranslation(arguments => new SqlFunctionExpression(
                function, [arguments[0], arguments[0]], nullable: true, argumentsPropagateNullability: [true, true],
                method.ReturnType, arguments[0].TypeMapping));
        }
    }
}

namespace OrdoroLite.Domain.Data;

/// <summary>
/// Hints a neutral query may give the database's query planner; each provider translates them in
/// <see cref="IDatabaseProvider.ConfigureModel"/> (SQLite: <c>likelihood()</c>; PostgreSQL, whose
/// statistics already know: the condition as it is). They never change which rows match.
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
}

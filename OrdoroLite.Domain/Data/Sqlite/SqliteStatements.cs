namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>SQLite's connection and file settings.</summary>
internal static class SqliteStatements
{
    /// <summary>
    /// Run each time a connection is taken: wait for the write lock instead of failing at once, and a
    /// reader's page cache of 8 MB. The cache belongs to the pooled connection and only grows as pages
    /// are read: at 64 MB for every connection, a million-order server's memory grew by about 50 MB each
    /// time 30 more tabs had opened (docs/performance.md "Idle Orders tabs"); reads find the rest in the
    /// operating system's file cache.
    /// </summary>
    public const string ConnectionPragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -8192;";

    /// <summary>
    /// Run before a write transaction: up to 256 MB of pages for the writer, taken only as pages are
    /// read. At a million orders the indexes an import or a bulk cancel updates do not fit in a small
    /// cache, and each index an import fills adds to what must stay in it (docs/performance.md
    /// "Views": 64 MB were too few once the All tab's filter indexes came). The next time the
    /// connection is taken, <see cref="ConnectionPragmas"/> shrinks it back.
    /// </summary>
    public const string WriteCache = "PRAGMA cache_size = -262144;";

    /// <summary>
    /// Readers never block the writer and the writer never blocks readers. The journal mode is
    /// kept in the file; <c>synchronous</c> is not: NORMAL holds only for the connection that runs
    /// this (migrations), and every other connection keeps SQLite's FULL, so a staff member's
    /// change is on disk when the action returns.
    /// </summary>
    public const string EnableWal = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    /// <summary>The planner's statistics (<see cref="SqliteProvider.RefreshStatisticsAsync"/>): how many orders there are now…</summary>
    public const string CountOrders = """SELECT COUNT(*) FROM "Orders";""";

    /// <summary>…whether ANALYZE ever ran (its table exists only then)…</summary>
    public const string HasStatistics = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1';";

    /// <summary>…how many orders it saw (an index's statistic starts with the table's row count)…</summary>
    public const string OrdersInStatistics = "SELECT stat FROM sqlite_stat1 WHERE tbl = 'Orders' AND idx IS NOT NULL LIMIT 1;";

    /// <summary>…whether an index of the orders has none yet (a migration added it since)…</summary>
    public const string OrderIndexesWithoutStatistics = """
        SELECT COUNT(*) FROM sqlite_master AS m
        WHERE m.type = 'index' AND m.tbl_name = 'Orders' AND m.name NOT LIKE 'sqlite_autoindex%'
          AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 AS s WHERE s.tbl = 'Orders' AND s.idx = m.name);
        """;

    /// <summary>…and taking them again.</summary>
    public const string Analyze = "ANALYZE;";
}

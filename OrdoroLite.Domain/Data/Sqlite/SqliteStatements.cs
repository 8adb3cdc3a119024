namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>SQLite's connection and file settings.</summary>
internal static class SqliteStatements
{
    /// <summary>Run on every new connection: wait for the write lock instead of failing at once.</summary>
    // cache_size: 64 MB of pages per connection instead of SQLite's 2 MB. At a million orders the
    // indexes an import or a bulk cancel updates no longer fit in 2 MB: a 100,000-order import's
    // inserts went from 15.8 s to 11.5 s on 2 cores. The cache only grows as pages are used.
    public const string ConnectionPragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;";

    /// <summary>
    /// Readers never block the writer and the writer never blocks readers. The journal mode is
    /// kept in the file; <c>synchronous</c> is not: NORMAL holds only for the connection that runs
    /// this (migrations), and every other connection keeps SQLite's FULL, so a staff member's
    /// change is on disk when the action returns.
    /// </summary>
    public const string EnableWal = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
}

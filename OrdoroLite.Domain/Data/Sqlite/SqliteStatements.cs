namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// Every piece of SQLite-specific SQL the product runs, in one place. A PostgreSQL provider
/// adds its own version of this file (and its own migrations) instead of editing callers.
/// </summary>
public static class SqliteStatements
{
    /// <summary>
    /// How an instant is stored: the UTC DateTime (see UtcInstantConverter) as Microsoft.Data.Sqlite
    /// writes a DateTime parameter. Text in this format sorts in time order.
    /// </summary>
    public const string InstantFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    /// <summary>A failed bulk write, reported as SaveChanges reports one, so callers handle one kind of failure.</summary>
    public static Microsoft.EntityFrameworkCore.DbUpdateException WriteFailed(
        Microsoft.Data.Sqlite.SqliteException e, IReadOnlyList<Microsoft.EntityFrameworkCore.Update.IUpdateEntry>? entries = null) =>
        new("An error occurred while saving the entity changes. See the inner exception for details.", e, entries ?? []);

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection held the lock past the busy timeout.</summary>
    public static bool IsBusy(Exception e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }
        || e.InnerException is { } inner && IsBusy(inner);

    public const string NoDeleteMessage = "are never deleted";

    /// <summary>The database itself refuses to lose history, so even a raw DELETE fails.</summary>
    public static readonly string CreateHistoryGuards = string.Join("\n", [
        RefuseDelete("Orders", "Orders are never deleted: cancel the order instead."),
        RefuseDelete("OrderLines", "Order lines are never deleted: they belong to an order forever."),
        RefuseDelete("Labels", "Labels are never deleted: delete a label in the app, which marks it Deleted and requests a refund."),
        RefuseDelete("OrderEvents", "Timeline events are never deleted: add a correcting event instead."),
        """
        CREATE TRIGGER "TR_OrderEvents_NoUpdate" BEFORE UPDATE ON "OrderEvents"
        BEGIN SELECT RAISE(ABORT, 'Timeline events cannot be changed: add a correcting event instead.'); END;
        """,
    ]);

    public static readonly string DropHistoryGuards = """
        DROP TRIGGER IF EXISTS "TR_Orders_NoDelete";
        DROP TRIGGER IF EXISTS "TR_OrderLines_NoDelete";
        DROP TRIGGER IF EXISTS "TR_Labels_NoDelete";
        DROP TRIGGER IF EXISTS "TR_OrderEvents_NoDelete";
        DROP TRIGGER IF EXISTS "TR_OrderEvents_NoUpdate";
        """;

    /// <summary>Run on every new connection: wait for the write lock instead of failing at once.</summary>
    // cache_size: 64 MB of pages per connection instead of SQLite's 2 MB. At a million orders the
    // indexes an import or a bulk cancel updates no longer fit in 2 MB: a 100,000-order import's
    // inserts went from 15.8 s to 11.5 s on 2 cores. The cache only grows as pages are used.
    public const string ConnectionPragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;";

    /// <summary>
    /// Readers never block the writer and the writer never blocks readers. The journal mode is
    /// kept in the file; <c>synchronous</c> is not: NORMAL holds only for the connection that runs
    /// this (migrations, the seeder's load), and every other connection keeps SQLite's FULL, so a
    /// staff member's change is on disk when the action returns. (Setting NORMAL on every
    /// connection did not make a 10,000-order cancel faster: its commit writes pages, not syncs.)
    /// </summary>
    public const string EnableWal = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    /// <summary>
    /// The distinct sales channels of all orders, by hopping along the (Channel, ChannelOrderId)
    /// index one channel at a time instead of reading a million index entries.
    /// </summary>
    public const string DistinctOrderChannels = """
        WITH RECURSIVE "c"("Channel") AS (
            SELECT MIN("Channel") FROM "Orders"
            UNION ALL
            SELECT (SELECT MIN("Channel") FROM "Orders" WHERE "Channel" > "c"."Channel") FROM "c" WHERE "c"."Channel" IS NOT NULL
        )
        SELECT "Channel" AS "Value" FROM "c" WHERE "Channel" IS NOT NULL
        """;

    private static string RefuseDelete(string table, string message) => $"""
        CREATE TRIGGER "TR_{table}_NoDelete" BEFORE DELETE ON "{table}"
        BEGIN SELECT RAISE(ABORT, '{message}'); END;
        """;
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// The cancellation report's daily summary tables, the SQLite triggers that keep them equal to
/// the orders in the same transaction as every write, the SQL that fills them from existing
/// rows, and the queries the report runs on them. A PostgreSQL provider adds its own version
/// of this file.
/// </summary>
/// <remarks>
/// A day is the UTC day of the order's <c>OrderDate</c>, as text 'yyyy-MM-dd' (the same as
/// <see cref="SqliteReportSql.DayBucket"/>). "Cancelled" is the order's status now. Every
/// summary row is a sum over orders, so each trigger adds the change its own row makes, given
/// the other tables as they are at that moment; the order in which one use case's statements
/// run does not matter. Rows are never deleted: a count that falls back to zero stays as a
/// zero row, which the queries leave out. An order's date, channel and warehouse, and a line,
/// never change after insert (the summaries count by them), so the database refuses such an
/// UPDATE, as it refuses deleting orders, lines and labels (<see cref="SqliteStatements.CreateHistoryGuards"/>).
/// </remarks>
public static class SqliteReportSummaries
{
    public const string ImmutableMessage = "never change after insert";

    /// <summary>A day of the summaries as the parameter the queries compare with.</summary>
    public static SqliteParameter Day(string name, DateOnly day) =>
        new(name, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    // ---------------------------------------------------------------- schema

    public static readonly string CreateTables = """
        CREATE TABLE "ReportOrderDays" (
            "Day" TEXT NOT NULL,
            "Channel" TEXT NOT NULL,
            "WarehouseId" INTEGER NOT NULL,
            "Placed" INTEGER NOT NULL,
            "Cancelled" INTEGER NOT NULL,
            PRIMARY KEY ("Day", "Channel", "WarehouseId")
        ) WITHOUT ROWID;

        -- Cancelled orders per reason and staff member. Keys cannot be NULL here: no reason is
        -- stored as '' (reasons are enum names, never empty) and an unknown staff member as
        -- "StaffKnown" = 0 (a staff name may be anything, even '').
        CREATE TABLE "ReportCancelDays" (
            "Day" TEXT NOT NULL,
            "CancelReason" TEXT NOT NULL,
            "StaffKnown" INTEGER NOT NULL,
            "CancelledByName" TEXT NOT NULL,
            "Cancelled" INTEGER NOT NULL,
            PRIMARY KEY ("Day", "CancelReason", "StaffKnown", "CancelledByName")
        ) WITHOUT ROWID;

        -- Orders containing the SKU (an order with two lines of one SKU counts once), keyed SKU
        -- first so the report walks each SKU's range of days in key order without sorting.
        CREATE TABLE "ReportSkuDays" (
            "Sku" TEXT NOT NULL,
            "Day" TEXT NOT NULL,
            "PlacedOrders" INTEGER NOT NULL,
            "CancelledOrders" INTEGER NOT NULL,
            "CancelledUnits" INTEGER NOT NULL,
            PRIMARY KEY ("Sku", "Day")
        ) WITHOUT ROWID;

        -- The same per ISO week (its Monday): most SKUs sell every day, so a 90-day report reads
        -- 12 weekly rows per SKU instead of 90 daily ones.
        CREATE TABLE "ReportSkuWeeks" (
            "Sku" TEXT NOT NULL,
            "Week" TEXT NOT NULL,
            "PlacedOrders" INTEGER NOT NULL,
            "CancelledOrders" INTEGER NOT NULL,
            "CancelledUnits" INTEGER NOT NULL,
            PRIMARY KEY ("Sku", "Week")
        ) WITHOUT ROWID;

        -- Label costs of the orders that are cancelled now: refunds by state (Pending = Requested
        -- or Submitted) and the cost of Active labels kept on them.
        CREATE TABLE "ReportLabelDays" (
            "Day" TEXT NOT NULL PRIMARY KEY,
            "RefundedCents" INTEGER NOT NULL,
            "DeniedCents" INTEGER NOT NULL,
            "PendingCents" INTEGER NOT NULL,
            "KeptCents" INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    public static readonly string DropTables = """
        DROP TABLE IF EXISTS "ReportOrderDays";
        DROP TABLE IF EXISTS "ReportCancelDays";
        DROP TABLE IF EXISTS "ReportSkuDays";
        DROP TABLE IF EXISTS "ReportSkuWeeks";
        DROP TABLE IF EXISTS "ReportLabelDays";
        """;

    private static readonly string[] TriggerNames =
    [
        "TR_Orders_ReportInsert", "TR_Orders_ReportCancel", "TR_OrderLines_ReportInsert", "TR_Labels_ReportInsert",
        "TR_Labels_ReportUpdate", "TR_RefundRequests_ReportInsert", "TR_RefundRequests_ReportUpdate",
        "TR_RefundRequests_ReportDelete",
    ];

    private static readonly string[] GuardNames = ["TR_Orders_ReportKeysNeverChange", "TR_OrderLines_NeverChange"];

    // ---------------------------------------------------------------- triggers

    private const string IsCancelled = "'Cancelled'";

    /// <summary>The triggers that keep the summaries current; the seeder drops them for a bulk load.</summary>
    public static readonly string CreateTriggers = string.Join("\n", [
        $"""
        CREATE TRIGGER "TR_Orders_ReportInsert" AFTER INSERT ON "Orders"
        BEGIN
            {AddOrderDay("NEW", placed: "1", cancelled: $"NEW.\"Status\" = {IsCancelled}", where: "true")}
            {AddCancelDay("NEW", "1", $"NEW.\"Status\" = {IsCancelled}")}
        END;
        """,
        // s = +1 when the order becomes cancelled, −1 when it is restored, 0 when only the reason or
        // the staff member of a cancelled order changes.
        $"""
        CREATE TRIGGER "TR_Orders_ReportCancel" AFTER UPDATE OF "Status", "CancelReason", "CancelledByName" ON "Orders"
        WHEN (OLD."Status" = {IsCancelled}) <> (NEW."Status" = {IsCancelled})
          OR (NEW."Status" = {IsCancelled} AND (OLD."CancelReason" IS NOT NEW."CancelReason" OR OLD."CancelledByName" IS NOT NEW."CancelledByName"))
        BEGIN
            {AddOrderDay("NEW", placed: "0", cancelled: Flip, where: $"{Flip} <> 0")}
            {AddCancelDay("OLD", "-1", $"OLD.\"Status\" = {IsCancelled}")}
            {AddCancelDay("NEW", "1", $"NEW.\"Status\" = {IsCancelled}")}
            {AddSkus("ReportSkuDays", "\"Day\"", "substr(NEW.\"OrderDate\", 1, 10)")}
            {AddSkus("ReportSkuWeeks", "\"Week\"", WeekOf("substr(NEW.\"OrderDate\", 1, 10)"))}
            -- One upsert per refund and per Active label of the order (most have none or one):
            -- cheaper than aggregating both for every order.
            INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr(NEW."OrderDate", 1, 10), {Flip} * iif("State" = 'Approved', "AmountCents", 0),
                       {Flip} * iif("State" = 'Denied', "AmountCents", 0), {Flip} * iif("State" IN ('Requested', 'Submitted'), "AmountCents", 0), 0
                FROM "RefundRequests" WHERE "OrderNumber" = NEW."Number" AND {Flip} <> 0
                {LabelDayConflict};
            INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr(NEW."OrderDate", 1, 10), 0, 0, 0, {Flip} * "CostCents"
                FROM "Labels" WHERE "OrderNumber" = NEW."Number" AND "State" = 'Active' AND {Flip} <> 0
                {LabelDayConflict};
        END;
        """,
        $"""
        CREATE TRIGGER "TR_OrderLines_ReportInsert" AFTER INSERT ON "OrderLines"
        BEGIN
            {AddLine("ReportSkuDays", "\"Day\"", "substr(\"o\".\"OrderDate\", 1, 10)")}
            {AddLine("ReportSkuWeeks", "\"Week\"", WeekOf("substr(\"o\".\"OrderDate\", 1, 10)"))}
        END;
        """,
        $"""
        CREATE TRIGGER "TR_Labels_ReportInsert" AFTER INSERT ON "Labels" WHEN NEW."State" = 'Active'
        BEGIN
            {AddLabelCost("NEW.\"OrderNumber\"", "0", "0", "0", "NEW.\"CostCents\"")}
        END;
        """,
        $"""
        CREATE TRIGGER "TR_Labels_ReportUpdate" AFTER UPDATE OF "State", "CostCents", "OrderNumber" ON "Labels"
        WHEN OLD."State" IS NOT NEW."State" OR OLD."CostCents" IS NOT NEW."CostCents" OR OLD."OrderNumber" IS NOT NEW."OrderNumber"
        BEGIN
            {AddLabelCost("OLD.\"OrderNumber\"", "0", "0", "0", "-OLD.\"CostCents\"", "OLD.\"State\" = 'Active'")}
            {AddLabelCost("NEW.\"OrderNumber\"", "0", "0", "0", "NEW.\"CostCents\"", "NEW.\"State\" = 'Active'")}
        END;
        """,
        $"""
        CREATE TRIGGER "TR_RefundRequests_ReportInsert" AFTER INSERT ON "RefundRequests"
        BEGIN
            {AddRefund("NEW", "1")}
        END;
        """,
        $"""
        CREATE TRIGGER "TR_RefundRequests_ReportUpdate" AFTER UPDATE OF "State", "AmountCents", "OrderNumber" ON "RefundRequests"
        WHEN OLD."State" IS NOT NEW."State" OR OLD."AmountCents" IS NOT NEW."AmountCents" OR OLD."OrderNumber" IS NOT NEW."OrderNumber"
        BEGIN
            {AddRefund("OLD", "-1")}
            {AddRefund("NEW", "1")}
        END;
        """,
        // Refund requests have no delete guard; should one ever be deleted, it stops counting.
        $"""
        CREATE TRIGGER "TR_RefundRequests_ReportDelete" AFTER DELETE ON "RefundRequests"
        BEGIN
            {AddRefund("OLD", "-1")}
        END;
        """,
    ]);

    public static readonly string DropTriggers =
        string.Concat(TriggerNames.Select(name => $"DROP TRIGGER IF EXISTS \"{name}\";\n"));

    /// <summary>What the summaries count by never changes; a raw UPDATE that tries is refused.</summary>
    public static readonly string CreateGuards = $"""
        CREATE TRIGGER "TR_Orders_ReportKeysNeverChange" BEFORE UPDATE OF "Number", "OrderDate", "Channel", "WarehouseId" ON "Orders"
        WHEN OLD."Number" IS NOT NEW."Number" OR OLD."OrderDate" IS NOT NEW."OrderDate" OR OLD."Channel" IS NOT NEW."Channel"
          OR OLD."WarehouseId" IS NOT NEW."WarehouseId"
        BEGIN SELECT RAISE(ABORT, 'An order''s number, date, sales channel and ship-from warehouse {ImmutableMessage}.'); END;
        CREATE TRIGGER "TR_OrderLines_NeverChange" BEFORE UPDATE OF "OrderNumber", "Sku", "Quantity" ON "OrderLines"
        WHEN OLD."OrderNumber" IS NOT NEW."OrderNumber" OR OLD."Sku" IS NOT NEW."Sku" OR OLD."Quantity" IS NOT NEW."Quantity"
        BEGIN SELECT RAISE(ABORT, 'Order lines {ImmutableMessage}: they are what the channel sent.'); END;
        """;

    public static readonly string DropGuards =
        string.Concat(GuardNames.Select(name => $"DROP TRIGGER IF EXISTS \"{name}\";\n"));

    // ---------------------------------------------------------------- fill from existing rows

    // Declared before the statements built from them: static fields initialise in text order.
    private static readonly (string Summary, string Delta)[] DeltaTables =
        [("ReportOrderDays", "DeltaOrderDays"), ("ReportCancelDays", "DeltaCancelDays"), ("ReportSkuDays", "DeltaSkuDays"), ("ReportLabelDays", "DeltaLabelDays")];

    /// <summary>The tables one pass of <see cref="SumsOfOrders"/> adds to; delta tables have no key, so their rows are inserted, not merged.</summary>
    private sealed record SumTables(string OrderDays, string CancelDays, string SkuDays, string? SkuWeeks, string LabelDays, bool Merge);

    private static readonly SumTables Summaries = new("ReportOrderDays", "ReportCancelDays", "ReportSkuDays", "ReportSkuWeeks", "ReportLabelDays", Merge: true);

    private static readonly SumTables Deltas = new("DeltaOrderDays", "DeltaCancelDays", "DeltaSkuDays", SkuWeeks: null, "DeltaLabelDays", Merge: false);

    /// <summary>
    /// Recomputes every summary from the orders, lines, labels and refunds (for the migration,
    /// on databases that already hold orders). Runs in the caller's transaction.
    /// </summary>
    public static readonly string Rebuild = $"""
        DELETE FROM "ReportOrderDays";
        DELETE FROM "ReportCancelDays";
        DELETE FROM "ReportSkuDays";
        DELETE FROM "ReportSkuWeeks";
        DELETE FROM "ReportLabelDays";
        {SumsOfOrders("true", Summaries with { SkuWeeks = null })}
        {SkuWeeksOfDays("ReportSkuDays")}
        """;

    /// <summary>
    /// Adds the orders numbered above @after to the summaries, in one pass per table: for a bulk
    /// insert of new orders (with their lines, labels and refunds) while the row triggers are
    /// dropped. A 100,000-order import spent more time in the triggers' 500,000 upserts than in
    /// its own inserts.
    /// </summary>
    public static readonly string AddOrdersAfter = SumsOfOrders("\"Number\" > @after", Summaries);

    private const string ChangedOrders = "\"Number\" IN (SELECT \"value\" FROM json_each(@numbers))";

    /// <summary>
    /// Before a bulk action changes the orders numbered in the JSON array @numbers (with the row
    /// triggers dropped): notes what they count now, negated, in per-connection delta tables.
    /// <see cref="AfterChangingOrders"/> adds what they count afterwards and applies the sum, so
    /// each summary row is written once, with the difference. For a 10,000-order cancel: a trigger
    /// per changed row cost about 2 s; taking the orders out and adding them back 1.15 s; this 0.75 s.
    /// </summary>
    public static readonly string BeforeChangingOrders = $"""
        {string.Concat(DeltaTables.Select(t => $"CREATE TEMP TABLE \"{t.Delta}\" AS SELECT * FROM \"{t.Summary}\" WHERE false;\n"))}
        {SumsOfOrders(ChangedOrders, Deltas, sign: "-1")}
        """;

    /// <summary>After the bulk action's writes: see <see cref="BeforeChangingOrders"/>.</summary>
    public static readonly string AfterChangingOrders = $"""
        {SumsOfOrders(ChangedOrders, Deltas)}
        INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
        SELECT "Day", "Channel", "WarehouseId", SUM("Placed"), SUM("Cancelled") FROM "DeltaOrderDays" WHERE true GROUP BY 1, 2, 3
        {OrderDayConflict};
        INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
        SELECT "Day", "CancelReason", "StaffKnown", "CancelledByName", SUM("Cancelled") FROM "DeltaCancelDays" WHERE true GROUP BY 1, 2, 3, 4
        {CancelDayConflict};
        INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
        SELECT "Sku", "Day", SUM("PlacedOrders"), SUM("CancelledOrders"), SUM("CancelledUnits") FROM "DeltaSkuDays" WHERE true GROUP BY 1, 2
        ON CONFLICT ("Sku", "Day") DO UPDATE SET {SkuSums};
        {SkuWeeksOfDays("DeltaSkuDays")}
        INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
        SELECT "Day", SUM("RefundedCents"), SUM("DeniedCents"), SUM("PendingCents"), SUM("KeptCents") FROM "DeltaLabelDays" WHERE true GROUP BY 1
        {LabelDayConflict};
        {string.Concat(DeltaTables.Select(t => $"DROP TABLE temp.\"{t.Delta}\";\n"))}
        """;

    /// <summary>Weekly SKU sums from daily ones (a sum of sums), added to "ReportSkuWeeks".</summary>
    private static string SkuWeeksOfDays(string dayTable) => $"""
        INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
        SELECT "Sku", {WeekOf("\"Day\"")}, SUM("PlacedOrders"), SUM("CancelledOrders"), SUM("CancelledUnits")
        FROM "{dayTable}" WHERE true GROUP BY 1, 2
        ON CONFLICT ("Sku", "Week") DO UPDATE SET {SkuSums};
        """;

    /// <summary>The summaries of the orders matching <paramref name="where"/> (over "Orders"), times <paramref name="sign"/>, added to <paramref name="into"/>.</summary>
    private static string SumsOfOrders(string where, SumTables into, string sign = "1")
    {
        var orders = $"(SELECT * FROM \"Orders\" WHERE {where})";
        string Merge(string conflict) => into.Merge ? conflict : "";
        // +"Status" below: start from the selected orders, not from every cancelled order by the status index.
        // One row per order and SKU: an order counts once per SKU, with the units of all its lines of that SKU.
        var skus = $"""
            (SELECT "l"."Sku", substr("o"."OrderDate", 1, 10) AS "Day", "o"."Status" = {IsCancelled} AS "IsCancelled", SUM("l"."Quantity") AS "Units"
             FROM "OrderLines" AS "l" JOIN {orders} AS "o" ON "o"."Number" = "l"."OrderNumber"
             GROUP BY "l"."OrderNumber", "l"."Sku")
            """;
        var weeks = into.SkuWeeks is { } weekTable ? $"""
            INSERT INTO "{weekTable}" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", {WeekOf("\"Day\"")}, {sign} * COUNT(*), {sign} * SUM("IsCancelled"), {sign} * SUM("IsCancelled" * "Units")
            FROM {skus} WHERE true GROUP BY 1, 2
            {Merge($"ON CONFLICT (\"Sku\", \"Week\") DO UPDATE SET {SkuSums}")};
            """ : "";
        return $"""
            INSERT INTO "{into.OrderDays}" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT substr("OrderDate", 1, 10), "Channel", "WarehouseId", {sign} * COUNT(*), {sign} * SUM("Status" = {IsCancelled})
            FROM {orders} WHERE true GROUP BY 1, 2, 3
            {Merge(OrderDayConflict)};
            INSERT INTO "{into.CancelDays}" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
            SELECT substr("OrderDate", 1, 10), COALESCE("CancelReason", ''), "CancelledByName" IS NOT NULL, COALESCE("CancelledByName", ''), {sign} * COUNT(*)
            FROM {orders} WHERE "Status" = {IsCancelled} GROUP BY 1, 2, 3, 4
            {Merge(CancelDayConflict)};
            INSERT INTO "{into.SkuDays}" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", "Day", {sign} * COUNT(*), {sign} * SUM("IsCancelled"), {sign} * SUM("IsCancelled" * "Units")
            FROM {skus} WHERE true GROUP BY 1, 2
            {Merge($"ON CONFLICT (\"Sku\", \"Day\") DO UPDATE SET {SkuSums}")};
            {weeks}
            INSERT INTO "{into.LabelDays}" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
            SELECT "Day", {sign} * SUM("Refunded"), {sign} * SUM("Denied"), {sign} * SUM("Pending"), {sign} * SUM("Kept")
            FROM (SELECT substr("o"."OrderDate", 1, 10) AS "Day",
                         CASE WHEN "r"."State" = 'Approved' THEN "r"."AmountCents" ELSE 0 END AS "Refunded",
                         CASE WHEN "r"."State" = 'Denied' THEN "r"."AmountCents" ELSE 0 END AS "Denied",
                         CASE WHEN "r"."State" IN ('Requested', 'Submitted') THEN "r"."AmountCents" ELSE 0 END AS "Pending",
                         0 AS "Kept"
                  FROM "RefundRequests" AS "r" JOIN {orders} AS "o" ON "o"."Number" = "r"."OrderNumber"
                  WHERE +"o"."Status" = {IsCancelled}
                  UNION ALL
                  SELECT substr("o"."OrderDate", 1, 10), 0, 0, 0, "l"."CostCents"
                  FROM "Labels" AS "l" JOIN {orders} AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE +"o"."Status" = {IsCancelled} AND "l"."State" = 'Active')
            WHERE true GROUP BY 1
            {Merge(LabelDayConflict)};
            """;
    }

    // ---------------------------------------------------------------- bulk writer

    /// <summary>Adds to a summary row (the seeder's sums, written after a bulk load): ? values in column order.</summary>
    public static readonly string AddOrderDayRow = $"""
        INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled") VALUES (?, ?, ?, ?, ?)
        {OrderDayConflict};
        """;

    public static readonly string AddCancelDayRow = $"""
        INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled") VALUES (?, ?, ?, ?, ?)
        {CancelDayConflict};
        """;

    public static string AddSkuRow(bool weekly) => $"""
        INSERT INTO "{(weekly ? "ReportSkuWeeks" : "ReportSkuDays")}" ("Sku", "{(weekly ? "Week" : "Day")}", "PlacedOrders", "CancelledOrders", "CancelledUnits")
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT ("Sku", "{(weekly ? "Week" : "Day")}") DO UPDATE SET {SkuSums};
        """;

    public static readonly string AddLabelDayRow = $"""
        INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents") VALUES (?, ?, ?, ?, ?)
        {LabelDayConflict};
        """;

    // ---------------------------------------------------------------- report queries

    /// <summary>
    /// Placed and cancelled per bucket × channel × warehouse over the whole days [@from, @to);
    /// <paramref name="bucketOfDay"/> is one of <see cref="DayBucket"/>, <see cref="WeekBucket"/>, <see cref="MonthBucket"/>.
    /// </summary>
    public static string OrderGroups(string bucketOfDay) => $"""
        SELECT {bucketOfDay} AS "Bucket", "Channel", "WarehouseId", SUM("Placed") AS "Placed", SUM("Cancelled") AS "Cancelled"
        FROM "ReportOrderDays"
        WHERE "Day" >= @from AND "Day" < @to
        GROUP BY 1, 2, 3
        HAVING SUM("Placed") > 0
        """;

    public const string DayBucket = "\"Day\"";

    public const string WeekBucket = """date("Day", '-6 days', 'weekday 1')""";

    public const string MonthBucket = """strftime('%Y-%m-01', "Day")""";

    /// <summary>Placed and cancelled over the whole days [@from, @to).</summary>
    public const string Counts = """
        SELECT COALESCE(SUM("Placed"), 0) AS "Placed", COALESCE(SUM("Cancelled"), 0) AS "Cancelled"
        FROM "ReportOrderDays"
        WHERE "Day" >= @from AND "Day" < @to
        """;

    /// <summary>Cancelled orders per reason × staff member over [@from, @to); "CancelReason" '' is none.</summary>
    public const string Cancellations = """
        SELECT NULLIF("CancelReason", '') AS "Reason", CASE WHEN "StaffKnown" THEN "CancelledByName" END AS "StaffName",
               SUM("Cancelled") AS "Cancelled"
        FROM "ReportCancelDays"
        WHERE "Day" >= @from AND "Day" < @to
        GROUP BY "CancelReason", "StaffKnown", "CancelledByName"
        HAVING SUM("Cancelled") <> 0
        """;

    public const string LabelCosts = """
        SELECT COALESCE(SUM("RefundedCents"), 0) AS "RefundedCents", COALESCE(SUM("DeniedCents"), 0) AS "DeniedCents",
               COALESCE(SUM("PendingCents"), 0) AS "PendingCents", COALESCE(SUM("KeptCents"), 0) AS "KeptCents"
        FROM "ReportLabelDays"
        WHERE "Day" >= @from AND "Day" < @to
        """;

    /// <summary>
    /// Per SKU over [@from, @to) of <paramref name="weekly"/> weeks (Mondays) or days. It hops
    /// from SKU to SKU on the key and reads only each SKU's rows in range, already in SKU order.
    /// </summary>
    public static string Skus(bool weekly)
    {
        var table = weekly ? "ReportSkuWeeks" : "ReportSkuDays";
        var day = weekly ? "Week" : "Day";
        return $"""
            WITH RECURSIVE "k"("Sku") AS (
                SELECT MIN("Sku") FROM "ReportSkuWeeks"
                UNION ALL
                SELECT (SELECT MIN("Sku") FROM "ReportSkuWeeks" WHERE "Sku" > "k"."Sku") FROM "k" WHERE "k"."Sku" IS NOT NULL
            )
            SELECT "Sku", SUM("PlacedOrders") AS "Placed", SUM("CancelledOrders") AS "Cancelled", SUM("CancelledUnits") AS "Units"
            FROM "{table}"
            WHERE "Sku" IN (SELECT "Sku" FROM "k") AND "{day}" >= @from AND "{day}" < @to
            GROUP BY "Sku"
            """;
    }

    // ---------------------------------------------------------------- trigger pieces

    private const string Flip = $"((NEW.\"Status\" = {IsCancelled}) - (OLD.\"Status\" = {IsCancelled}))";

    private const string SkuSums = """
        "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
        "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits"
        """;

    private const string OrderDayConflict = """
        ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "Placed" + excluded."Placed", "Cancelled" = "Cancelled" + excluded."Cancelled"
        """;

    private const string CancelDayConflict = """
        ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName") DO UPDATE SET "Cancelled" = "Cancelled" + excluded."Cancelled"
        """;

    private const string LabelDayConflict = """
        ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
            "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
            "KeptCents" = "KeptCents" + excluded."KeptCents"
        """;

    /// <summary>The Monday of a 'yyyy-MM-dd' day, as <see cref="SqliteReportSql.WeekBucket"/> computes it.</summary>
    private static string WeekOf(string day) => $"date({day}, '-6 days', 'weekday 1')";

    // The WHERE of INSERT … SELECT is always there: SQLite needs it to parse an upsert after a SELECT.
    private static string AddOrderDay(string row, string placed, string cancelled, string where) => $"""
        INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT substr({row}."OrderDate", 1, 10), {row}."Channel", {row}."WarehouseId", {placed}, {cancelled} WHERE {where}
            {OrderDayConflict};
        """;

    private static string AddCancelDay(string row, string count, string where) => $"""
        INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
            SELECT substr({row}."OrderDate", 1, 10), COALESCE({row}."CancelReason", ''), {row}."CancelledByName" IS NOT NULL,
                   COALESCE({row}."CancelledByName", ''), {count} WHERE {where}
            {CancelDayConflict};
        """;

    /// <summary>An order became cancelled (or stopped being): each SKU it contains, once, with its units.</summary>
    private static string AddSkus(string table, string dayColumn, string day) => $"""
        INSERT INTO "{table}" ("Sku", {dayColumn}, "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", {day}, 0, {Flip}, {Flip} * SUM("Quantity") FROM "OrderLines"
            WHERE "OrderNumber" = NEW."Number" AND {Flip} <> 0 GROUP BY "Sku"
            ON CONFLICT ("Sku", {dayColumn}) DO UPDATE SET {SkuSums};
        """;

    /// <summary>A new line: its order counts for the SKU unless an earlier line of the order has the same SKU.</summary>
    private static string AddLine(string table, string dayColumn, string day) => $"""
        INSERT INTO "{table}" ("Sku", {dayColumn}, "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT NEW."Sku", {day}, "f"."First", "f"."First" * ("o"."Status" = {IsCancelled}), ("o"."Status" = {IsCancelled}) * NEW."Quantity"
            FROM "Orders" AS "o",
                 (SELECT NOT EXISTS (SELECT 1 FROM "OrderLines" AS "e"
                                     WHERE "e"."OrderNumber" = NEW."OrderNumber" AND "e"."Sku" = NEW."Sku" AND "e"."Id" <> NEW."Id") AS "First") AS "f"
            WHERE "o"."Number" = NEW."OrderNumber"
            ON CONFLICT ("Sku", {dayColumn}) DO UPDATE SET {SkuSums};
        """;

    /// <summary>Adds label costs to the day of <paramref name="orderNumber"/> when that order is cancelled now.</summary>
    private static string AddLabelCost(string orderNumber, string refunded, string denied, string pending, string kept, string where = "true") => $"""
        INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
            SELECT substr("o"."OrderDate", 1, 10), {refunded}, {denied}, {pending}, {kept} FROM "Orders" AS "o"
            WHERE "o"."Number" = {orderNumber} AND "o"."Status" = {IsCancelled} AND {where}
            {LabelDayConflict};
        """;

    private static string AddRefund(string row, string sign) => AddLabelCost(
        $"{row}.\"OrderNumber\"",
        $"CASE WHEN {row}.\"State\" = 'Approved' THEN {sign} * {row}.\"AmountCents\" ELSE 0 END",
        $"CASE WHEN {row}.\"State\" = 'Denied' THEN {sign} * {row}.\"AmountCents\" ELSE 0 END",
        $"CASE WHEN {row}.\"State\" IN ('Requested', 'Submitted') THEN {sign} * {row}.\"AmountCents\" ELSE 0 END",
        "0");
}

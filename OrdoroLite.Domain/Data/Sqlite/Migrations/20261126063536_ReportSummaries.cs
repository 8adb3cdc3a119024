using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <summary>
    /// The cancellation report's daily summary tables and the triggers that kept them current
    /// (until migration OneWriter moved that to the app's writer). They are filled from the orders already in the database, in the
    /// migration's transaction, before the triggers start counting new writes.
    /// </summary>
    public partial class ReportSummaries : Migration
    {
        /// <summary>The summary triggers exactly as this migration created them (migration OneWriter's Down puts them back).</summary>
        internal const string TriggersAsCreated = """
            CREATE TRIGGER "TR_Orders_ReportInsert" AFTER INSERT ON "Orders"
            BEGIN
                INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
                SELECT substr(NEW."OrderDate", 1, 10), NEW."Channel", NEW."WarehouseId", 1, NEW."Status" = 'Cancelled' WHERE true
                ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "Placed" + excluded."Placed", "Cancelled" = "Cancelled" + excluded."Cancelled";
                INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
                SELECT substr(NEW."OrderDate", 1, 10), COALESCE(NEW."CancelReason", ''), NEW."CancelledByName" IS NOT NULL,
                       COALESCE(NEW."CancelledByName", ''), 1 WHERE NEW."Status" = 'Cancelled'
                ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName") DO UPDATE SET "Cancelled" = "Cancelled" + excluded."Cancelled";
            END;
            CREATE TRIGGER "TR_Orders_ReportCancel" AFTER UPDATE OF "Status", "CancelReason", "CancelledByName" ON "Orders"
            WHEN (OLD."Status" = 'Cancelled') <> (NEW."Status" = 'Cancelled')
              OR (NEW."Status" = 'Cancelled' AND (OLD."CancelReason" IS NOT NEW."CancelReason" OR OLD."CancelledByName" IS NOT NEW."CancelledByName"))
            BEGIN
                INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
                SELECT substr(NEW."OrderDate", 1, 10), NEW."Channel", NEW."WarehouseId", 0, ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) WHERE ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) <> 0
                ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "Placed" + excluded."Placed", "Cancelled" = "Cancelled" + excluded."Cancelled";
                INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
                SELECT substr(OLD."OrderDate", 1, 10), COALESCE(OLD."CancelReason", ''), OLD."CancelledByName" IS NOT NULL,
                       COALESCE(OLD."CancelledByName", ''), -1 WHERE OLD."Status" = 'Cancelled'
                ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName") DO UPDATE SET "Cancelled" = "Cancelled" + excluded."Cancelled";
                INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
                SELECT substr(NEW."OrderDate", 1, 10), COALESCE(NEW."CancelReason", ''), NEW."CancelledByName" IS NOT NULL,
                       COALESCE(NEW."CancelledByName", ''), 1 WHERE NEW."Status" = 'Cancelled'
                ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName") DO UPDATE SET "Cancelled" = "Cancelled" + excluded."Cancelled";
                INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
                SELECT "Sku", substr(NEW."OrderDate", 1, 10), 0, ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')), ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * SUM("Quantity") FROM "OrderLines"
                WHERE "OrderNumber" = NEW."Number" AND ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) <> 0 GROUP BY "Sku"
                ON CONFLICT ("Sku", "Day") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";
                INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
                SELECT "Sku", date(substr(NEW."OrderDate", 1, 10), '-6 days', 'weekday 1'), 0, ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')), ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * SUM("Quantity") FROM "OrderLines"
                WHERE "OrderNumber" = NEW."Number" AND ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) <> 0 GROUP BY "Sku"
                ON CONFLICT ("Sku", "Week") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";
                -- One upsert per refund and per Active label of the order (most have none or one):
                -- cheaper than aggregating both for every order.
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                    SELECT substr(NEW."OrderDate", 1, 10), ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * iif("State" = 'Approved', "AmountCents", 0),
                           ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * iif("State" = 'Denied', "AmountCents", 0), ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * iif("State" IN ('Requested', 'Submitted'), "AmountCents", 0), 0
                    FROM "RefundRequests" WHERE "OrderNumber" = NEW."Number" AND ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) <> 0
                    ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                    SELECT substr(NEW."OrderDate", 1, 10), 0, 0, 0, ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) * "CostCents"
                    FROM "Labels" WHERE "OrderNumber" = NEW."Number" AND "State" = 'Active' AND ((NEW."Status" = 'Cancelled') - (OLD."Status" = 'Cancelled')) <> 0
                    ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            CREATE TRIGGER "TR_OrderLines_ReportInsert" AFTER INSERT ON "OrderLines"
            BEGIN
                INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
                SELECT NEW."Sku", substr("o"."OrderDate", 1, 10), "f"."First", "f"."First" * ("o"."Status" = 'Cancelled'), ("o"."Status" = 'Cancelled') * NEW."Quantity"
                FROM "Orders" AS "o",
                     (SELECT NOT EXISTS (SELECT 1 FROM "OrderLines" AS "e"
                                         WHERE "e"."OrderNumber" = NEW."OrderNumber" AND "e"."Sku" = NEW."Sku" AND "e"."Id" <> NEW."Id") AS "First") AS "f"
                WHERE "o"."Number" = NEW."OrderNumber"
                ON CONFLICT ("Sku", "Day") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";
                INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
                SELECT NEW."Sku", date(substr("o"."OrderDate", 1, 10), '-6 days', 'weekday 1'), "f"."First", "f"."First" * ("o"."Status" = 'Cancelled'), ("o"."Status" = 'Cancelled') * NEW."Quantity"
                FROM "Orders" AS "o",
                     (SELECT NOT EXISTS (SELECT 1 FROM "OrderLines" AS "e"
                                         WHERE "e"."OrderNumber" = NEW."OrderNumber" AND "e"."Sku" = NEW."Sku" AND "e"."Id" <> NEW."Id") AS "First") AS "f"
                WHERE "o"."Number" = NEW."OrderNumber"
                ON CONFLICT ("Sku", "Week") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";
            END;
            CREATE TRIGGER "TR_Labels_ReportInsert" AFTER INSERT ON "Labels" WHEN NEW."State" = 'Active'
            BEGIN
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), 0, 0, 0, NEW."CostCents" FROM "Orders" AS "o"
                WHERE "o"."Number" = NEW."OrderNumber" AND "o"."Status" = 'Cancelled' AND true
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            CREATE TRIGGER "TR_Labels_ReportUpdate" AFTER UPDATE OF "State", "CostCents", "OrderNumber" ON "Labels"
            WHEN OLD."State" IS NOT NEW."State" OR OLD."CostCents" IS NOT NEW."CostCents" OR OLD."OrderNumber" IS NOT NEW."OrderNumber"
            BEGIN
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), 0, 0, 0, -OLD."CostCents" FROM "Orders" AS "o"
                WHERE "o"."Number" = OLD."OrderNumber" AND "o"."Status" = 'Cancelled' AND OLD."State" = 'Active'
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), 0, 0, 0, NEW."CostCents" FROM "Orders" AS "o"
                WHERE "o"."Number" = NEW."OrderNumber" AND "o"."Status" = 'Cancelled' AND NEW."State" = 'Active'
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            CREATE TRIGGER "TR_RefundRequests_ReportInsert" AFTER INSERT ON "RefundRequests"
            BEGIN
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), CASE WHEN NEW."State" = 'Approved' THEN 1 * NEW."AmountCents" ELSE 0 END, CASE WHEN NEW."State" = 'Denied' THEN 1 * NEW."AmountCents" ELSE 0 END, CASE WHEN NEW."State" IN ('Requested', 'Submitted') THEN 1 * NEW."AmountCents" ELSE 0 END, 0 FROM "Orders" AS "o"
                WHERE "o"."Number" = NEW."OrderNumber" AND "o"."Status" = 'Cancelled' AND true
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            CREATE TRIGGER "TR_RefundRequests_ReportUpdate" AFTER UPDATE OF "State", "AmountCents", "OrderNumber" ON "RefundRequests"
            WHEN OLD."State" IS NOT NEW."State" OR OLD."AmountCents" IS NOT NEW."AmountCents" OR OLD."OrderNumber" IS NOT NEW."OrderNumber"
            BEGIN
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), CASE WHEN OLD."State" = 'Approved' THEN -1 * OLD."AmountCents" ELSE 0 END, CASE WHEN OLD."State" = 'Denied' THEN -1 * OLD."AmountCents" ELSE 0 END, CASE WHEN OLD."State" IN ('Requested', 'Submitted') THEN -1 * OLD."AmountCents" ELSE 0 END, 0 FROM "Orders" AS "o"
                WHERE "o"."Number" = OLD."OrderNumber" AND "o"."Status" = 'Cancelled' AND true
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), CASE WHEN NEW."State" = 'Approved' THEN 1 * NEW."AmountCents" ELSE 0 END, CASE WHEN NEW."State" = 'Denied' THEN 1 * NEW."AmountCents" ELSE 0 END, CASE WHEN NEW."State" IN ('Requested', 'Submitted') THEN 1 * NEW."AmountCents" ELSE 0 END, 0 FROM "Orders" AS "o"
                WHERE "o"."Number" = NEW."OrderNumber" AND "o"."Status" = 'Cancelled' AND true
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            CREATE TRIGGER "TR_RefundRequests_ReportDelete" AFTER DELETE ON "RefundRequests"
            BEGIN
                INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
                SELECT substr("o"."OrderDate", 1, 10), CASE WHEN OLD."State" = 'Approved' THEN -1 * OLD."AmountCents" ELSE 0 END, CASE WHEN OLD."State" = 'Denied' THEN -1 * OLD."AmountCents" ELSE 0 END, CASE WHEN OLD."State" IN ('Requested', 'Submitted') THEN -1 * OLD."AmountCents" ELSE 0 END, 0 FROM "Orders" AS "o"
                WHERE "o"."Number" = OLD."OrderNumber" AND "o"."Status" = 'Cancelled' AND true
                ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            END;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
            """);
            migrationBuilder.Sql("""
            DELETE FROM "ReportOrderDays";
            DELETE FROM "ReportCancelDays";
            DELETE FROM "ReportSkuDays";
            DELETE FROM "ReportSkuWeeks";
            DELETE FROM "ReportLabelDays";
            INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT substr("OrderDate", 1, 10), "Channel", "WarehouseId", 1 * COUNT(*), 1 * SUM("Status" = 'Cancelled')
            FROM (SELECT * FROM "Orders" WHERE true) WHERE true GROUP BY 1, 2, 3
            ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "Placed" + excluded."Placed", "Cancelled" = "Cancelled" + excluded."Cancelled";
            INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "Cancelled")
            SELECT substr("OrderDate", 1, 10), COALESCE("CancelReason", ''), "CancelledByName" IS NOT NULL, COALESCE("CancelledByName", ''), 1 * COUNT(*)
            FROM (SELECT * FROM "Orders" WHERE true) WHERE "Status" = 'Cancelled' GROUP BY 1, 2, 3, 4
            ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName") DO UPDATE SET "Cancelled" = "Cancelled" + excluded."Cancelled";
            INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", "Day", 1 * COUNT(*), 1 * SUM("IsCancelled"), 1 * SUM("IsCancelled" * "Units")
            FROM (SELECT "l"."Sku", substr("o"."OrderDate", 1, 10) AS "Day", "o"."Status" = 'Cancelled' AS "IsCancelled", SUM("l"."Quantity") AS "Units"
             FROM "OrderLines" AS "l" JOIN (SELECT * FROM "Orders" WHERE true) AS "o" ON "o"."Number" = "l"."OrderNumber"
             GROUP BY "l"."OrderNumber", "l"."Sku") WHERE true GROUP BY 1, 2
            ON CONFLICT ("Sku", "Day") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";

            INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
            SELECT "Day", 1 * SUM("Refunded"), 1 * SUM("Denied"), 1 * SUM("Pending"), 1 * SUM("Kept")
            FROM (SELECT substr("o"."OrderDate", 1, 10) AS "Day",
                         CASE WHEN "r"."State" = 'Approved' THEN "r"."AmountCents" ELSE 0 END AS "Refunded",
                         CASE WHEN "r"."State" = 'Denied' THEN "r"."AmountCents" ELSE 0 END AS "Denied",
                         CASE WHEN "r"."State" IN ('Requested', 'Submitted') THEN "r"."AmountCents" ELSE 0 END AS "Pending",
                         0 AS "Kept"
                  FROM "RefundRequests" AS "r" JOIN (SELECT * FROM "Orders" WHERE true) AS "o" ON "o"."Number" = "r"."OrderNumber"
                  WHERE +"o"."Status" = 'Cancelled'
                  UNION ALL
                  SELECT substr("o"."OrderDate", 1, 10), 0, 0, 0, "l"."CostCents"
                  FROM "Labels" AS "l" JOIN (SELECT * FROM "Orders" WHERE true) AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE +"o"."Status" = 'Cancelled' AND "l"."State" = 'Active')
            WHERE true GROUP BY 1
            ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "DeniedCents" + excluded."DeniedCents", "PendingCents" = "PendingCents" + excluded."PendingCents",
                "KeptCents" = "KeptCents" + excluded."KeptCents";
            INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", date("Day", '-6 days', 'weekday 1'), SUM("PlacedOrders"), SUM("CancelledOrders"), SUM("CancelledUnits")
            FROM "ReportSkuDays" WHERE true GROUP BY 1, 2
            ON CONFLICT ("Sku", "Week") DO UPDATE SET "PlacedOrders" = "PlacedOrders" + excluded."PlacedOrders", "CancelledOrders" = "CancelledOrders" + excluded."CancelledOrders",
            "CancelledUnits" = "CancelledUnits" + excluded."CancelledUnits";
            """);
            migrationBuilder.Sql(TriggersAsCreated);
            migrationBuilder.Sql("""
            CREATE TRIGGER "TR_Orders_ReportKeysNeverChange" BEFORE UPDATE OF "Number", "OrderDate", "Channel", "WarehouseId" ON "Orders"
            WHEN OLD."Number" IS NOT NEW."Number" OR OLD."OrderDate" IS NOT NEW."OrderDate" OR OLD."Channel" IS NOT NEW."Channel"
              OR OLD."WarehouseId" IS NOT NEW."WarehouseId"
            BEGIN SELECT RAISE(ABORT, 'An order''s number, date, sales channel and ship-from warehouse never change after insert.'); END;
            CREATE TRIGGER "TR_OrderLines_NeverChange" BEFORE UPDATE OF "OrderNumber", "Sku", "Quantity" ON "OrderLines"
            WHEN OLD."OrderNumber" IS NOT NEW."OrderNumber" OR OLD."Sku" IS NOT NEW."Sku" OR OLD."Quantity" IS NOT NEW."Quantity"
            BEGIN SELECT RAISE(ABORT, 'Order lines never change after insert: they are what the channel sent.'); END;
            """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "TR_Orders_ReportKeysNeverChange";
            DROP TRIGGER IF EXISTS "TR_OrderLines_NeverChange";
            """);
            migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "TR_Orders_ReportInsert";
            DROP TRIGGER IF EXISTS "TR_Orders_ReportCancel";
            DROP TRIGGER IF EXISTS "TR_OrderLines_ReportInsert";
            DROP TRIGGER IF EXISTS "TR_Labels_ReportInsert";
            DROP TRIGGER IF EXISTS "TR_Labels_ReportUpdate";
            DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportInsert";
            DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportUpdate";
            DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportDelete";
            """);
            migrationBuilder.Sql("""
            DROP TABLE IF EXISTS "ReportOrderDays";
            DROP TABLE IF EXISTS "ReportCancelDays";
            DROP TABLE IF EXISTS "ReportSkuDays";
            DROP TABLE IF EXISTS "ReportSkuWeeks";
            DROP TABLE IF EXISTS "ReportLabelDays";
            """);
        }
    }
}

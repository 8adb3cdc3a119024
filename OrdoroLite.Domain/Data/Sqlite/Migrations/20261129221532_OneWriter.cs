using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <summary>
    /// One writer for every database: the report's summaries are kept by the app's writer instead
    /// of triggers, orders get a concurrency token, and the latest cancellation becomes one optional
    /// value. The history guards stay. Existing summaries are already right (the triggers kept them).
    /// </summary>
    public partial class OneWriter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The writer keeps the report's summaries now (StoreWriter adds what each change
            // states); the triggers that kept them go. The summary tables stay as they are.
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "TR_Orders_ReportInsert";
                DROP TRIGGER IF EXISTS "TR_Orders_ReportCancel";
                DROP TRIGGER IF EXISTS "TR_OrderLines_ReportInsert";
                DROP TRIGGER IF EXISTS "TR_Labels_ReportInsert";
                DROP TRIGGER IF EXISTS "TR_Labels_ReportUpdate";
                DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportInsert";
                DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportUpdate";
                DROP TRIGGER IF EXISTS "TR_RefundRequests_ReportDelete";
                DROP TRIGGER IF EXISTS "TR_Orders_NoDelete";
                DROP TRIGGER IF EXISTS "TR_Orders_ReportKeysNeverChange";
                """);

            // The latest cancellation is one optional value: all its columns are NULL while an
            // order is not cancelled, so "LabelDeletedAtCancel" may be NULL now. SQLite cannot alter
            // a column: a nullable copy takes its place (no table rebuild, the indexes stay).
            migrationBuilder.Sql("""
                ALTER TABLE "Orders" ADD COLUMN "LabelDeletedAtCancel_" INTEGER NULL;
                UPDATE "Orders" SET "LabelDeletedAtCancel_" = "LabelDeletedAtCancel" WHERE "CancelledAt" IS NOT NULL;
                ALTER TABLE "Orders" DROP COLUMN "LabelDeletedAtCancel";
                ALTER TABLE "Orders" RENAME COLUMN "LabelDeletedAtCancel_" TO "LabelDeletedAtCancel";
                """);

            // The concurrency token: the writer changes an order only at the version it read.
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Orders_NoDelete" BEFORE DELETE ON "Orders"
                BEGIN SELECT RAISE(ABORT, 'Orders are never deleted: cancel the order instead.'); END;
                CREATE TRIGGER "TR_Orders_KeysNeverChange" BEFORE UPDATE OF "Number", "OrderDate", "Channel", "WarehouseId" ON "Orders"
                WHEN OLD."Number" IS NOT NEW."Number" OR OLD."OrderDate" IS NOT NEW."OrderDate" OR OLD."Channel" IS NOT NEW."Channel"
                  OR OLD."WarehouseId" IS NOT NEW."WarehouseId"
                BEGIN SELECT RAISE(ABORT, 'An order''s number, date, sales channel and ship-from warehouse never change after insert.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "TR_Orders_NoDelete";
                DROP TRIGGER IF EXISTS "TR_Orders_KeysNeverChange";
                ALTER TABLE "Orders" DROP COLUMN "Version";
                ALTER TABLE "Orders" ADD COLUMN "LabelDeletedAtCancel_" INTEGER NOT NULL DEFAULT 0;
                UPDATE "Orders" SET "LabelDeletedAtCancel_" = COALESCE("LabelDeletedAtCancel", 0);
                ALTER TABLE "Orders" DROP COLUMN "LabelDeletedAtCancel";
                ALTER TABLE "Orders" RENAME COLUMN "LabelDeletedAtCancel_" TO "LabelDeletedAtCancel";
                """);

            // Back to the summaries kept by triggers, as migration ReportSummaries made them.
            migrationBuilder.Sql(ReportSummaries.TriggersAsCreated);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Orders_NoDelete" BEFORE DELETE ON "Orders"
                BEGIN SELECT RAISE(ABORT, 'Orders are never deleted: cancel the order instead.'); END;
                CREATE TRIGGER "TR_Orders_ReportKeysNeverChange" BEFORE UPDATE OF "Number", "OrderDate", "Channel", "WarehouseId" ON "Orders"
                WHEN OLD."Number" IS NOT NEW."Number" OR OLD."OrderDate" IS NOT NEW."OrderDate" OR OLD."Channel" IS NOT NEW."Channel"
                  OR OLD."WarehouseId" IS NOT NEW."WarehouseId"
                BEGIN SELECT RAISE(ABORT, 'An order''s number, date, sales channel and ship-from warehouse never change after insert.'); END;
                """);
        }
    }
}

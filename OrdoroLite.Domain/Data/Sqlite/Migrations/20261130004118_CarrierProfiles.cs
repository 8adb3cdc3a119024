using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CarrierProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "RefundRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "KeptSince",
                table: "Labels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ScannedAt",
                table: "Labels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReportKeptLabelDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LabelDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Scanned = table.Column<bool>(type: "INTEGER", nullable: false),
                    KeptCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Labels = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportKeptLabelDays", x => new { x.Day, x.Carrier, x.LabelDay, x.Scanned });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Labels_Kept_Carrier_CreatedAt",
                table: "Labels",
                columns: new[] { "Carrier", "CreatedAt" },
                filter: "\"KeptSince\" IS NOT NULL");

            // A database from before: the Active labels of cancelled orders are kept since their order's
            // cancellation, and the report's kept-label summary starts from them (all unscanned: no
            // tracking update had been recorded). Refunds decided before keep DecidedAt empty.
            migrationBuilder.Sql("""
                UPDATE "Labels" SET "KeptSince" = (SELECT COALESCE("o"."CancelledAt", "Labels"."CreatedAt") FROM "Orders" AS "o" WHERE "o"."Number" = "Labels"."OrderNumber")
                WHERE "State" = 'Active' AND EXISTS (SELECT 1 FROM "Orders" AS "o" WHERE "o"."Number" = "Labels"."OrderNumber" AND "o"."Status" = 'Cancelled');
                INSERT INTO "ReportKeptLabelDays" ("Day", "Carrier", "LabelDay", "Scanned", "KeptCents", "Labels")
                SELECT substr("o"."OrderDate", 1, 10), "l"."Carrier", substr("l"."CreatedAt", 1, 10), 0, SUM("l"."CostCents"), COUNT(*)
                FROM "Labels" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                WHERE "l"."State" = 'Active' AND "o"."Status" = 'Cancelled'
                GROUP BY substr("o"."OrderDate", 1, 10), "l"."Carrier", substr("l"."CreatedAt", 1, 10);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportKeptLabelDays");

            migrationBuilder.DropIndex(
                name: "IX_Labels_Kept_Carrier_CreatedAt",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "RefundRequests");

            migrationBuilder.DropColumn(
                name: "KeptSince",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "ScannedAt",
                table: "Labels");
        }
    }
}

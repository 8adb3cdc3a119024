using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CarrierProfilesPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "RefundRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "KeptSince",
                table: "Labels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ScannedAt",
                table: "Labels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReportKeptLabelDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Carrier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    LabelDay = table.Column<DateOnly>(type: "date", nullable: false),
                    Scanned = table.Column<bool>(type: "boolean", nullable: false),
                    KeptCents = table.Column<long>(type: "bigint", nullable: false),
                    Labels = table.Column<long>(type: "bigint", nullable: false)
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
                UPDATE "Labels" AS "l" SET "KeptSince" = COALESCE("o"."CancelledAt", "l"."CreatedAt")
                FROM "Orders" AS "o"
                WHERE "o"."Number" = "l"."OrderNumber" AND "l"."State" = 'Active' AND "o"."Status" = 'Cancelled';
                INSERT INTO "ReportKeptLabelDays" ("Day", "Carrier", "LabelDay", "Scanned", "KeptCents", "Labels")
                SELECT ("o"."OrderDate" AT TIME ZONE 'UTC')::date, "l"."Carrier", ("l"."CreatedAt" AT TIME ZONE 'UTC')::date, false, SUM("l"."CostCents"), COUNT(*)
                FROM "Labels" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                WHERE "l"."State" = 'Active' AND "o"."Status" = 'Cancelled'
                GROUP BY 1, 2, 3;
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrdoroLite.Domain.Data.Postgres.Migrations
{
    /// <summary>
    /// Cancellations both ways with the sales channel (docs/channels.md), as migration ChannelSync
    /// does on SQLite: the outbox (history: DELETE and TRUNCATE refused), the report's "cancelled on
    /// the channel" key, and the Needs attention list's index.
    /// </summary>
    public partial class ChannelSyncPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ReportCancelDays",
                table: "ReportCancelDays");

            migrationBuilder.AddColumn<bool>(
                name: "CancelledOnChannel",
                table: "ReportCancelDays",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddPrimaryKey(
                name: "PK_ReportCancelDays",
                table: "ReportCancelDays",
                columns: new[] { "Day", "CancelReason", "StaffKnown", "CancelledByName", "CancelledOnChannel" });

            migrationBuilder.CreateTable(
                name: "ChannelCancellations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNumber = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ChannelOrderId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NotifyCustomer = table.Column<bool>(type: "boolean", nullable: false),
                    ReportedShipped = table.Column<bool>(type: "boolean", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    RefusalReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelCancellations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelCancellations_Orders_OrderNumber",
                        column: x => x.OrderNumber,
                        principalTable: "Orders",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelCancellations_OrderNumber",
                table: "ChannelCancellations",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelCancellations_State_NextAttemptAt",
                table: "ChannelCancellations",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "UX_ChannelCancellations_IdempotencyKey",
                table: "ChannelCancellations",
                column: "IdempotencyKey",
                unique: true);

            // EF cannot index a complex property's columns: the Needs attention list's index is SQL here.
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledById" ON "Orders" ("Status", "CancelledById", "Number");""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_ChannelCancellations_NoDelete" BEFORE DELETE ON "ChannelCancellations"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Channel cancellations are never deleted: they record what was asked of the sales channel.');
                CREATE TRIGGER "TR_ChannelCancellations_NoTruncate" BEFORE TRUNCATE ON "ChannelCancellations"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RefuseChange"('Channel cancellations are never deleted: they record what was asked of the sales channel.');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "TR_ChannelCancellations_NoDelete" ON "ChannelCancellations";
                DROP TRIGGER "TR_ChannelCancellations_NoTruncate" ON "ChannelCancellations";
                DROP INDEX "IX_Orders_Status_CancelledById";
                """);
            migrationBuilder.DropTable(
                name: "ChannelCancellations");

            migrationBuilder.DropPrimaryKey(
                name: "PK_ReportCancelDays",
                table: "ReportCancelDays");

            migrationBuilder.DropColumn(
                name: "CancelledOnChannel",
                table: "ReportCancelDays");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ReportCancelDays",
                table: "ReportCancelDays",
                columns: new[] { "Day", "CancelReason", "StaffKnown", "CancelledByName" });
        }
    }
}

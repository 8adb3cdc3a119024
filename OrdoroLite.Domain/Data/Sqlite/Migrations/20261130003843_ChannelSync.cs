using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <summary>
    /// Cancellations both ways with the sales channel (docs/channels.md): the outbox of cancellations
    /// to send (history, never deleted), a "cancelled on the channel" key for the report's
    /// "cancelled by" summary (existing rows are staff's: false), and an index for the Needs
    /// attention list (cancelled orders by who cancelled them).
    /// </summary>
    public partial class ChannelSync : Migration
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
                type: "INTEGER",
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ChannelOrderId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    NotifyCustomer = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportedShipped = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                BEGIN SELECT RAISE(ABORT, 'Channel cancellations are never deleted: they record what was asked of the sales channel.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_ChannelCancellations_NoDelete";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Orders_Status_CancelledById";""");
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ViewIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Cancelled tab's reason and staff filters, in the order of its default sort (cancelled at).
            // In SQL: EF cannot index a column of a complex property (dotnet/efcore#31246).
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelReason_CancelledAt" ON "Orders" ("Status", "CancelReason", "CancelledAt", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledByName_CancelledAt" ON "Orders" ("Status", "CancelledByName", "CancelledAt", "Number");""");

            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerName",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_OrderDate",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_OrderDate",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_WarehouseId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerName",
                table: "Orders",
                columns: new[] { "CustomerName", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OrderDate",
                table: "Orders",
                columns: new[] { "OrderDate", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_CustomerName_Number",
                table: "Orders",
                columns: new[] { "Status", "CustomerName", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_Number",
                table: "Orders",
                columns: new[] { "Status", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_OrderDate",
                table: "Orders",
                columns: new[] { "Status", "OrderDate", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_TotalCents_Number",
                table: "Orders",
                columns: new[] { "Status", "TotalCents", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_TotalCents_Number",
                table: "Orders",
                columns: new[] { "TotalCents", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WarehouseId_OrderDate_Number",
                table: "Orders",
                columns: new[] { "WarehouseId", "OrderDate", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelReason_CancelledAt";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelledByName_CancelledAt";""");

            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerName",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_OrderDate",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_CustomerName_Number",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_Number",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_OrderDate",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_TotalCents_Number",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_TotalCents_Number",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_WarehouseId_OrderDate_Number",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerName",
                table: "Orders",
                column: "CustomerName");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OrderDate",
                table: "Orders",
                column: "OrderDate");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_OrderDate",
                table: "Orders",
                columns: new[] { "Status", "OrderDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WarehouseId",
                table: "Orders",
                column: "WarehouseId");
        }
    }
}

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

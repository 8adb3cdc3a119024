using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AllTabFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite only: the All tab filtered by a channel or a warehouse and sorted by anything
            // (date, number, customer, total) walks one of these in order and stops after the page;
            // without them SQLite read every order of the channel or warehouse and sorted them
            // (docs/performance.md "Views"). Without the status: a cancel or restore then updates
            // none of them. A status tab with the same filter walks its own sort index instead
            // (OrderGridQueries.NarrowOf). PostgreSQL's planner meets these views without them, and
            // its 100,000-order import is at the edge of its target.
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Channel_Number" ON "Orders" ("Channel", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Channel_OrderDate" ON "Orders" ("Channel", "OrderDate", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Channel_CustomerName" ON "Orders" ("Channel", "CustomerName", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Channel_TotalCents" ON "Orders" ("Channel", "TotalCents", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_WarehouseId_Number" ON "Orders" ("WarehouseId", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_WarehouseId_CustomerName" ON "Orders" ("WarehouseId", "CustomerName", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_WarehouseId_TotalCents" ON "Orders" ("WarehouseId", "TotalCents", "Number");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Channel_Number";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Channel_OrderDate";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Channel_CustomerName";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Channel_TotalCents";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_WarehouseId_Number";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_WarehouseId_CustomerName";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_WarehouseId_TotalCents";""");
        }
    }
}

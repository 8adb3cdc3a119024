using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StatusFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite only: a channel or warehouse filter on a status tab counted its matches (up to 10,001) by
            // reading each order's row; these answer the count from the index alone and the date sort in
            // order (docs/performance.md "Views"). Not on PostgreSQL, whose 100,000-order import is at the
            // edge of its target and whose planner already meets these views.
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_Channel_OrderDate" ON "Orders" ("Status", "Channel", "OrderDate", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_WarehouseId_OrderDate" ON "Orders" ("Status", "WarehouseId", "OrderDate", "Number");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_Channel_OrderDate";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_WarehouseId_OrderDate";""");
        }
    }
}

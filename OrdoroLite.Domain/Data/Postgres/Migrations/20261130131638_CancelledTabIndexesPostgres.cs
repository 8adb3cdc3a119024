using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CancelledTabIndexesPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Cancelled tab's reason and staff filters in every sort it offers, holding only cancelled
            // orders (partial indexes): an import or a status change of an open order writes none of them.
            // They replace the two (Status, reason | staff, CancelledAt, Number) indexes over every order.
            // In SQL: EF cannot index a column of a complex property (dotnet/efcore#31246) nor make a partial one per provider.
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelReason_CancelledAt";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelledByName_CancelledAt";""");
            foreach (var (name, column) in Filters)
            {
                foreach (var (sort, columns) in Sorts)
                {
                    migrationBuilder.Sql($"""CREATE INDEX "IX_Orders_Cancelled_{name}_{sort}" ON "Orders" ("{column}", {columns}) WHERE "Status" = 'Cancelled';""");
                }
            }

            // The Cancelled tab's sort and its "cancelled by a sales channel" lookups (NeedsAttention) likewise
            // hold only cancelled orders now, so that an import pays for none of them.
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelledAt";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelledById";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Cancelled_CancelledAt" ON "Orders" ("CancelledAt", "Number") WHERE "Status" = 'Cancelled';""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Cancelled_CancelledById" ON "Orders" ("CancelledById", "Number") WHERE "Status" = 'Cancelled';""");

            // A status tab's sales channel filter sorted by customer or total: without them the page and its
            // count read the status's orders in that order and test each one's channel in the table.
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_Channel_CustomerName" ON "Orders" ("Status", "Channel", "CustomerName", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_Channel_TotalCents" ON "Orders" ("Status", "Channel", "TotalCents", "Number");""");

            // The planner multiplies the status's share by the reason's (or the person's) and so expected
            // a tenth of the orders a filter holds; these teach it that both belong to cancelled orders.
            migrationBuilder.Sql("""CREATE STATISTICS "ST_Orders_Status_CancelReason" (mcv) ON "Status", "CancelReason" FROM "Orders";""");
            migrationBuilder.Sql("""CREATE STATISTICS "ST_Orders_Status_CancelledByName" (mcv) ON "Status", "CancelledByName" FROM "Orders";""");
            migrationBuilder.Sql("""ANALYZE "Orders";""");
        }

        private static readonly (string Name, string Column)[] Filters = [("Reason", "CancelReason"), ("Staff", "CancelledByName")];

        private static readonly (string Name, string Columns)[] Sorts =
        [
            ("CancelledAt", "\"CancelledAt\", \"Number\""),
            ("OrderDate", "\"OrderDate\", \"Number\""),
            ("CustomerName", "\"CustomerName\", \"Number\""),
            ("TotalCents", "\"TotalCents\", \"Number\""),
            ("Number", "\"Number\""),
        ];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP STATISTICS "ST_Orders_Status_CancelReason";""");
            migrationBuilder.Sql("""DROP STATISTICS "ST_Orders_Status_CancelledByName";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_Channel_CustomerName";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_Channel_TotalCents";""");
            foreach (var (name, _) in Filters)
            {
                foreach (var (sort, _) in Sorts)
                {
                    migrationBuilder.Sql($"""DROP INDEX "IX_Orders_Cancelled_{name}_{sort}";""");
                }
            }

            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Cancelled_CancelledAt";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Cancelled_CancelledById";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledAt" ON "Orders" ("Status", "CancelledAt", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledById" ON "Orders" ("Status", "CancelledById", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelReason_CancelledAt" ON "Orders" ("Status", "CancelReason", "CancelledAt", "Number");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledByName_CancelledAt" ON "Orders" ("Status", "CancelledByName", "CancelledAt", "Number");""");
        }
    }
}

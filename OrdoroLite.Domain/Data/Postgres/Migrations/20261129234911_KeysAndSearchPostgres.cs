using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrdoroLite.Domain.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeysAndSearchPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Cancelled tab sorted by cancellation date reads this index in order instead of sorting
            // every cancelled order. Cancelled At is a column of a complex property, which EF's model
            // cannot index (dotnet/efcore#31246), so the index is created here; docs/orders-grid.md names it.
            migrationBuilder.Sql("""CREATE INDEX "IX_Orders_Status_CancelledAt" ON "Orders" ("Status", "CancelledAt", "Number");""");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ChannelOrderId",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerEmail",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_HandTrackingNumber",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "UX_Orders_Channel_ChannelOrderId",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Labels_TrackingNumber",
                table: "Labels");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Warehouses",
                type: "character varying(132)",
                maxLength: 132,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SkuKey",
                table: "Products",
                type: "character varying(96)",
                maxLength: 96,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "ChannelKey",
                table: "Orders",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "ChannelOrderIdKey",
                table: "Orders",
                type: "character varying(132)",
                maxLength: 132,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "HandTrackingKey",
                table: "Orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SearchEmail",
                table: "Orders",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SearchName",
                table: "Orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SearchSurname",
                table: "Orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "TrackingKey",
                table: "Labels",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "UX_Warehouses_NameKey",
                table: "Warehouses",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_Products_SkuKey",
                table: "Products",
                column: "SkuKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ChannelOrderIdKey",
                table: "Orders",
                column: "ChannelOrderIdKey");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_HandTrackingKey",
                table: "Orders",
                column: "HandTrackingKey");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_SearchEmail",
                table: "Orders",
                column: "SearchEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_SearchName",
                table: "Orders",
                column: "SearchName");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_SearchSurname",
                table: "Orders",
                column: "SearchSurname");

            migrationBuilder.CreateIndex(
                name: "UX_Orders_ChannelKey_ChannelOrderIdKey",
                table: "Orders",
                columns: new[] { "ChannelKey", "ChannelOrderIdKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Labels_TrackingKey",
                table: "Labels",
                column: "TrackingKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Orders_Status_CancelledAt";""");

            migrationBuilder.DropIndex(
                name: "UX_Warehouses_NameKey",
                table: "Warehouses");

            migrationBuilder.DropIndex(
                name: "UX_Products_SkuKey",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ChannelOrderIdKey",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_HandTrackingKey",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_SearchEmail",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_SearchName",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_SearchSurname",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "UX_Orders_ChannelKey_ChannelOrderIdKey",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Labels_TrackingKey",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Warehouses");

            migrationBuilder.DropColumn(
                name: "SkuKey",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "ChannelKey",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ChannelOrderIdKey",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "HandTrackingKey",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "SearchEmail",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "SearchName",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "SearchSurname",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "TrackingKey",
                table: "Labels");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ChannelOrderId",
                table: "Orders",
                column: "ChannelOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerEmail",
                table: "Orders",
                column: "CustomerEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_HandTrackingNumber",
                table: "Orders",
                column: "HandTrackingNumber");

            migrationBuilder.CreateIndex(
                name: "UX_Orders_Channel_ChannelOrderId",
                table: "Orders",
                columns: new[] { "Channel", "ChannelOrderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Labels_TrackingNumber",
                table: "Labels",
                column: "TrackingNumber");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrdoroLite.Domain.Data.Postgres.Migrations
{
    /// <summary>
    /// The whole schema on PostgreSQL as of the one-writer design (the SQLite set reached it in
    /// several steps), with the history guards as triggers.
    /// </summary>
    public partial class PostgresInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    IsDropshipped = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportCancelDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CancelReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    StaffKnown = table.Column<bool>(type: "boolean", nullable: false),
                    CancelledByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Cancelled = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportCancelDays", x => new { x.Day, x.CancelReason, x.StaffKnown, x.CancelledByName });
                });

            migrationBuilder.CreateTable(
                name: "ReportLabelDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    RefundedCents = table.Column<long>(type: "bigint", nullable: false),
                    DeniedCents = table.Column<long>(type: "bigint", nullable: false),
                    PendingCents = table.Column<long>(type: "bigint", nullable: false),
                    KeptCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportLabelDays", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "ReportOrderDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    WarehouseId = table.Column<int>(type: "integer", nullable: false),
                    Placed = table.Column<long>(type: "bigint", nullable: false),
                    Cancelled = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportOrderDays", x => new { x.Day, x.Channel, x.WarehouseId });
                });

            migrationBuilder.CreateTable(
                name: "ReportSkuDays",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    PlacedOrders = table.Column<long>(type: "bigint", nullable: false),
                    CancelledOrders = table.Column<long>(type: "bigint", nullable: false),
                    CancelledUnits = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSkuDays", x => new { x.Sku, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "ReportSkuWeeks",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Week = table.Column<DateOnly>(type: "date", nullable: false),
                    PlacedOrders = table.Column<long>(type: "bigint", nullable: false),
                    CancelledOrders = table.Column<long>(type: "bigint", nullable: false),
                    CancelledUnits = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSkuWeeks", x => new { x.Sku, x.Week });
                });

            migrationBuilder.CreateTable(
                name: "Warehouses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Warehouses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InventoryLevels",
                columns: table => new
                {
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    WarehouseId = table.Column<int>(type: "integer", nullable: false),
                    PhysicalOnHand = table.Column<int>(type: "integer", nullable: false),
                    Committed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryLevels", x => new { x.ProductId, x.WarehouseId });
                    table.ForeignKey(
                        name: "FK_InventoryLevels_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InventoryLevels_Warehouses_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Orders",
                columns: table => new
                {
                    Number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ChannelOrderId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    OrderDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CustomerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    CustomerEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false, collation: "C"),
                    WarehouseId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    HandTrackingNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true, collation: "C"),
                    CancelledByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    CancelComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    LabelDeletedAtCancel = table.Column<bool>(type: "boolean", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StatusBeforeCancel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ShipTo_City = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ShipTo_Country = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ShipTo_PostalCode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ShipTo_Region = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ShipTo_Street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Orders", x => x.Number);
                    table.ForeignKey(
                        name: "FK_Orders_Warehouses_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Labels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNumber = table.Column<int>(type: "integer", nullable: false),
                    Carrier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Service = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false, collation: "C"),
                    TrackingNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    CostCents = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Labels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Labels_Orders_OrderNumber",
                        column: x => x.OrderNumber,
                        principalTable: "Orders",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OrderEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNumber = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false, collation: "C"),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    InventoryChanges = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderEvents_Orders_OrderNumber",
                        column: x => x.OrderNumber,
                        principalTable: "Orders",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OrderLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNumber = table.Column<int>(type: "integer", nullable: false),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitPriceCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderLines_Orders_OrderNumber",
                        column: x => x.OrderNumber,
                        principalTable: "Orders",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OrderLines_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RefundRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LabelId = table.Column<int>(type: "integer", nullable: false),
                    OrderNumber = table.Column<int>(type: "integer", nullable: false),
                    Carrier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    DenialReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefundRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefundRequests_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InventoryLevels_WarehouseId",
                table: "InventoryLevels",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_Labels_OrderNumber",
                table: "Labels",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Labels_TrackingNumber",
                table: "Labels",
                column: "TrackingNumber");

            migrationBuilder.CreateIndex(
                name: "IX_OrderEvents_OrderNumber_At",
                table: "OrderEvents",
                columns: new[] { "OrderNumber", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_OrderNumber",
                table: "OrderLines",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_ProductId",
                table: "OrderLines",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ChannelOrderId",
                table: "Orders",
                column: "ChannelOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerEmail",
                table: "Orders",
                column: "CustomerEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerName",
                table: "Orders",
                column: "CustomerName");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_HandTrackingNumber",
                table: "Orders",
                column: "HandTrackingNumber");

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

            migrationBuilder.CreateIndex(
                name: "UX_Orders_Channel_ChannelOrderId",
                table: "Orders",
                columns: new[] { "Channel", "ChannelOrderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_Name",
                table: "Products",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "UX_Products_Sku",
                table: "Products",
                column: "Sku",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefundRequests_OrderNumber",
                table: "RefundRequests",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_RefundRequests_State_NextAttemptAt",
                table: "RefundRequests",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "UX_RefundRequests_IdempotencyKey",
                table: "RefundRequests",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_RefundRequests_LabelId",
                table: "RefundRequests",
                column: "LabelId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Warehouses_Name",
                table: "Warehouses",
                column: "Name",
                unique: true);

            // Nothing that is history may be deleted, not even by hand (spec: "Nothing is ever
            // deleted"); timeline events never change; what the report counts by never changes.
            // TRUNCATE skips row triggers, so it is refused on its own.
            migrationBuilder.Sql("""
                CREATE FUNCTION "RefuseChange"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
                END
                $$;
                CREATE TRIGGER "TR_Orders_NoDelete" BEFORE DELETE ON "Orders"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Orders are never deleted: cancel the order instead.');
                CREATE TRIGGER "TR_OrderLines_NoDelete" BEFORE DELETE ON "OrderLines"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Order lines are never deleted: they belong to an order forever.');
                CREATE TRIGGER "TR_Labels_NoDelete" BEFORE DELETE ON "Labels"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Labels are never deleted: delete a label in the app, which marks it Deleted and requests a refund.');
                CREATE TRIGGER "TR_OrderEvents_NoDelete" BEFORE DELETE ON "OrderEvents"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Timeline events are never deleted: add a correcting event instead.');
                CREATE TRIGGER "TR_OrderEvents_NoUpdate" BEFORE UPDATE ON "OrderEvents"
                    FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('Timeline events cannot be changed: add a correcting event instead.');
                CREATE TRIGGER "TR_Orders_NoTruncate" BEFORE TRUNCATE ON "Orders"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RefuseChange"('Orders are never deleted: cancel the order instead.');
                CREATE TRIGGER "TR_OrderLines_NoTruncate" BEFORE TRUNCATE ON "OrderLines"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RefuseChange"('Order lines are never deleted: they belong to an order forever.');
                CREATE TRIGGER "TR_Labels_NoTruncate" BEFORE TRUNCATE ON "Labels"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RefuseChange"('Labels are never deleted: delete a label in the app, which marks it Deleted and requests a refund.');
                CREATE TRIGGER "TR_OrderEvents_NoTruncate" BEFORE TRUNCATE ON "OrderEvents"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RefuseChange"('Timeline events are never deleted: add a correcting event instead.');
                CREATE TRIGGER "TR_Orders_KeysNeverChange" BEFORE UPDATE OF "Number", "OrderDate", "Channel", "WarehouseId" ON "Orders"
                    FOR EACH ROW WHEN (OLD."Number" IS DISTINCT FROM NEW."Number" OR OLD."OrderDate" IS DISTINCT FROM NEW."OrderDate"
                        OR OLD."Channel" IS DISTINCT FROM NEW."Channel" OR OLD."WarehouseId" IS DISTINCT FROM NEW."WarehouseId")
                    EXECUTE FUNCTION "RefuseChange"('An order''s number, date, sales channel and ship-from warehouse never change after insert.');
                CREATE TRIGGER "TR_OrderLines_NeverChange" BEFORE UPDATE OF "OrderNumber", "Sku", "Quantity" ON "OrderLines"
                    FOR EACH ROW WHEN (OLD."OrderNumber" IS DISTINCT FROM NEW."OrderNumber" OR OLD."Sku" IS DISTINCT FROM NEW."Sku"
                        OR OLD."Quantity" IS DISTINCT FROM NEW."Quantity")
                    EXECUTE FUNCTION "RefuseChange"('Order lines never change after insert: they are what the channel sent.');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "TR_Orders_NoDelete" ON "Orders";
                DROP TRIGGER "TR_OrderLines_NoDelete" ON "OrderLines";
                DROP TRIGGER "TR_Labels_NoDelete" ON "Labels";
                DROP TRIGGER "TR_OrderEvents_NoDelete" ON "OrderEvents";
                DROP TRIGGER "TR_OrderEvents_NoUpdate" ON "OrderEvents";
                DROP TRIGGER "TR_Orders_NoTruncate" ON "Orders";
                DROP TRIGGER "TR_OrderLines_NoTruncate" ON "OrderLines";
                DROP TRIGGER "TR_Labels_NoTruncate" ON "Labels";
                DROP TRIGGER "TR_OrderEvents_NoTruncate" ON "OrderEvents";
                DROP TRIGGER "TR_Orders_KeysNeverChange" ON "Orders";
                DROP TRIGGER "TR_OrderLines_NeverChange" ON "OrderLines";
                DROP FUNCTION "RefuseChange"();
                """);

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "InventoryLevels");

            migrationBuilder.DropTable(
                name: "OrderEvents");

            migrationBuilder.DropTable(
                name: "OrderLines");

            migrationBuilder.DropTable(
                name: "RefundRequests");

            migrationBuilder.DropTable(
                name: "ReportCancelDays");

            migrationBuilder.DropTable(
                name: "ReportLabelDays");

            migrationBuilder.DropTable(
                name: "ReportOrderDays");

            migrationBuilder.DropTable(
                name: "ReportSkuDays");

            migrationBuilder.DropTable(
                name: "ReportSkuWeeks");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "Labels");

            migrationBuilder.DropTable(
                name: "Orders");

            migrationBuilder.DropTable(
                name: "Warehouses");
        }
    }
}

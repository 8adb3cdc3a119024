using Microsoft.EntityFrameworkCore.Migrations;
using OrdoroLite.Domain.Data.Sqlite;

#nullable disable

namespace OrdoroLite.Domain.Data.Migrations
{
    /// <summary>
    /// The cancellation report's daily summary tables and the triggers that keep them current
    /// (SqliteReportSummaries). They are filled from the orders already in the database, in the
    /// migration's transaction, before the triggers start counting new writes.
    /// </summary>
    public partial class ReportSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteReportSummaries.CreateTables);
            migrationBuilder.Sql(SqliteReportSummaries.Rebuild);
            migrationBuilder.Sql(SqliteReportSummaries.CreateTriggers);
            migrationBuilder.Sql(SqliteReportSummaries.CreateGuards);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteReportSummaries.DropGuards);
            migrationBuilder.Sql(SqliteReportSummaries.DropTriggers);
            migrationBuilder.Sql(SqliteReportSummaries.DropTables);
        }
    }
}

using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Hosting.Benchmarks.RawSql;

/// <summary>
/// The raw twins on SQLite: set-based statements over the numbers bound as one JSON array
/// (json_each), the summaries kept by INSERT … SELECT … GROUP BY … ON CONFLICT, as a developer
/// would write them by hand. Instants are bound as the app stores them (UTC text).
/// </summary>
internal sealed class RawSqlOnSqlite : IRawSql
{
    private const string Open = "('AwaitingFulfillment', 'DropshipmentRequested')";

    // The app's writer takes a 256 MB page cache for each write (SqliteStatements.WriteCache); the twin does too.
    private static async Task WriteCacheAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = -262144;";
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> CancelAsync(DbConnection connection, IReadOnlyList<int> numbers, DateTimeOffset at, Actor by, CancelReason reason,
        string comment)
    {
        await WriteCacheAsync(connection);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable);
        var values = new Dictionary<string, object?>
        {
            ["@numbers"] = JsonSerializer.Serialize(numbers),
            ["@at"] = Instant(at),
            ["@byId"] = by.Id,
            ["@byName"] = by.Name,
            ["@reason"] = reason.ToString(),
            ["@comment"] = comment,
        };

        var cancelled = new List<int>(numbers.Count);
        await using (var orders = Command(connection, tx, """
            UPDATE "Orders" SET
                "StatusBeforeCancel" = "Status",
                "Status" = 'Cancelled',
                "LabelDeletedAtCancel" = EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "Orders"."Number" AND "l"."State" = 'Active'),
                "CancelledAt" = @at, "CancelledById" = @byId, "CancelledByName" = @byName,
                "CancelReason" = @reason, "CancelComment" = @comment, "Version" = "Version" + 1
            WHERE "Number" IN (SELECT "value" FROM json_each(@numbers)) AND "Status" <> 'Cancelled'
            RETURNING "Number"
            """, values))
        {
            await using var reader = await orders.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cancelled.Add(reader.GetInt32(0));
            }
        }

        values["@numbers"] = JsonSerializer.Serialize(cancelled);
        string[] statements =
        [
            // Open orders release their committed units; a shipped order whose label is deleted gets its units back on the shelf.
            $"""
            UPDATE "InventoryLevels" SET
                "Committed" = "Committed" + "d"."CommittedDelta",
                "PhysicalOnHand" = "PhysicalOnHand" + "d"."PhysicalOnHandDelta"
            FROM (
                SELECT "ol"."ProductId", "o"."WarehouseId",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN -"ol"."Quantity" ELSE 0 END) AS "CommittedDelta",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" NOT IN {Open} THEN "ol"."Quantity" ELSE 0 END) AS "PhysicalOnHandDelta"
                FROM "Orders" AS "o" JOIN "OrderLines" AS "ol" ON "ol"."OrderNumber" = "o"."Number"
                WHERE "o"."Number" IN (SELECT "value" FROM json_each(@numbers))
                  AND ("o"."StatusBeforeCancel" IN {Open} OR "o"."LabelDeletedAtCancel")
                GROUP BY "ol"."ProductId", "o"."WarehouseId") AS "d"
            WHERE "InventoryLevels"."ProductId" = "d"."ProductId" AND "InventoryLevels"."WarehouseId" = "d"."WarehouseId"
            """,
            // The timeline first (its Cancelled event carries the stock changes), then the labels and their refunds.
            $"""
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "o"."Number", 'Cancelled', @byId, @byName, @at, @reason, @comment, NULL,
                   COALESCE((SELECT json_group_array(json_object(
                        'Sku', "ol"."Sku", 'WarehouseId', "o"."WarehouseId",
                        'PhysicalOnHandDelta', CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN 0 ELSE "ol"."Quantity" END,
                        'CommittedDelta', CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN -"ol"."Quantity" ELSE 0 END))
                    FROM "OrderLines" AS "ol"
                    WHERE "ol"."OrderNumber" = "o"."Number"
                      AND ("o"."StatusBeforeCancel" IN {Open} OR "o"."LabelDeletedAtCancel")), '[]')
            FROM "Orders" AS "o"
            WHERE "o"."Number" IN (SELECT "value" FROM json_each(@numbers))
            """,
            """
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "l"."OrderNumber", "e"."Type", @byId, @byName, @at, NULL, NULL,
                   CASE "e"."Type" WHEN 'LabelDeleted' THEN "l"."Carrier" || ' tracking ' || "l"."TrackingNumber"
                        ELSE printf('%.2f requested from %s', "l"."CostCents" / 100.0, "l"."Carrier") END,
                   '[]'
            FROM "Labels" AS "l" CROSS JOIN (SELECT 'LabelDeleted' AS "Type" UNION ALL SELECT 'RefundRequested') AS "e"
            WHERE "l"."OrderNumber" IN (SELECT "value" FROM json_each(@numbers)) AND "l"."State" = 'Active'
            ORDER BY "l"."OrderNumber", "e"."Type"
            """,
            """
            INSERT INTO "RefundRequests" ("LabelId", "OrderNumber", "Carrier", "AmountCents", "IdempotencyKey", "State", "RequestedAt", "Attempts")
            SELECT "Id", "OrderNumber", "Carrier", "CostCents", lower(hex(randomblob(16))), 'Requested', @at, 0
            FROM "Labels"
            WHERE "OrderNumber" IN (SELECT "value" FROM json_each(@numbers)) AND "State" = 'Active'
            """,
            """
            UPDATE "Labels" SET "State" = 'Deleted', "DeletedAt" = @at
            WHERE "OrderNumber" IN (SELECT "value" FROM json_each(@numbers)) AND "State" = 'Active'
            """,
            // The report's summaries: each cancelled order once per channel day, reason and staff day, SKU day and week (its
            // units of the SKU), and its refunds by state (its labels were all deleted, so nothing is kept).
            """
            INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT substr("OrderDate", 1, 10), "Channel", "WarehouseId", 0, COUNT(*)
            FROM "Orders" WHERE "Number" IN (SELECT "value" FROM json_each(@numbers)) GROUP BY 1, 2, 3
            ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Cancelled" = "ReportOrderDays"."Cancelled" + excluded."Cancelled"
            """,
            """
            INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "CancelledOnChannel", "Cancelled")
            SELECT substr("OrderDate", 1, 10), @reason, 1, @byName, 0, COUNT(*)
            FROM "Orders" WHERE "Number" IN (SELECT "value" FROM json_each(@numbers)) GROUP BY 1
            ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName", "CancelledOnChannel") DO UPDATE SET "Cancelled" = "ReportCancelDays"."Cancelled" + excluded."Cancelled"
            """,
            """
            INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", "Day", 0, COUNT(*), SUM("Units")
            FROM (SELECT "l"."Sku", substr("o"."OrderDate", 1, 10) AS "Day", SUM("l"."Quantity") AS "Units"
                  FROM "OrderLines" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE "o"."Number" IN (SELECT "value" FROM json_each(@numbers)) GROUP BY "l"."OrderNumber", "l"."Sku")
            WHERE true GROUP BY 1, 2
            ON CONFLICT ("Sku", "Day") DO UPDATE SET "CancelledOrders" = "ReportSkuDays"."CancelledOrders" + excluded."CancelledOrders",
                "CancelledUnits" = "ReportSkuDays"."CancelledUnits" + excluded."CancelledUnits"
            """,
            """
            INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", date("Day", '-6 days', 'weekday 1'), 0, COUNT(*), SUM("Units")
            FROM (SELECT "l"."Sku", substr("o"."OrderDate", 1, 10) AS "Day", SUM("l"."Quantity") AS "Units"
                  FROM "OrderLines" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE "o"."Number" IN (SELECT "value" FROM json_each(@numbers)) GROUP BY "l"."OrderNumber", "l"."Sku")
            WHERE true GROUP BY 1, 2
            ON CONFLICT ("Sku", "Week") DO UPDATE SET "CancelledOrders" = "ReportSkuWeeks"."CancelledOrders" + excluded."CancelledOrders",
                "CancelledUnits" = "ReportSkuWeeks"."CancelledUnits" + excluded."CancelledUnits"
            """,
            """
            INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
            SELECT substr("o"."OrderDate", 1, 10),
                   SUM(iif("r"."State" = 'Approved', "r"."AmountCents", 0)), SUM(iif("r"."State" = 'Denied', "r"."AmountCents", 0)),
                   SUM(iif("r"."State" IN ('Requested', 'Submitted'), "r"."AmountCents", 0)), 0
            FROM "RefundRequests" AS "r" JOIN "Orders" AS "o" ON "o"."Number" = "r"."OrderNumber"
            WHERE "o"."Number" IN (SELECT "value" FROM json_each(@numbers)) GROUP BY 1
            ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "ReportLabelDays"."RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "ReportLabelDays"."DeniedCents" + excluded."DeniedCents",
                "PendingCents" = "ReportLabelDays"."PendingCents" + excluded."PendingCents"
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = Command(connection, tx, sql, values);
            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return cancelled.Count;
    }

    public async Task ImportAsync(DbConnection connection, IReadOnlyList<RawOrder> orders, DateTimeOffset at, Actor by, string source)
    {
        await WriteCacheAsync(connection);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable);
        var next = 1L + Convert.ToInt64(await Scalar(connection, tx, """SELECT COALESCE(MAX("Number"), 0) FROM "Orders" """), CultureInfo.InvariantCulture);
        var day = new Dictionary<(string, string, int), long>();
        var skuDays = new Dictionary<(string, string), long>();
        var skuWeeks = new Dictionary<(string, string), long>();
        var stock = new Dictionary<(int, int), long>();
        await using (var insertOrder = Prepared(connection, tx, """
            INSERT INTO "Orders" ("Number", "Channel", "ChannelOrderId", "OrderDate", "CustomerName", "CustomerEmail", "WarehouseId",
                "Status", "ItemCount", "TotalCents", "ShipTo_City", "ShipTo_Country", "ShipTo_PostalCode", "ShipTo_Region", "ShipTo_Street", "Version",
                "ChannelKey", "ChannelOrderIdKey", "SearchName", "SearchSurname", "SearchEmail")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, 0, @p15, @p16, @p17, @p18, @p19)
            """, 20))
        await using (var insertLine = Prepared(connection, tx, """
            INSERT INTO "OrderLines" ("OrderNumber", "ProductId", "Sku", "Quantity", "UnitPriceCents") VALUES (@p0, @p1, @p2, @p3, @p4)
            """, 5))
        await using (var insertEvent = Prepared(connection, tx, """
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Detail", "InventoryChanges")
            VALUES (@p0, 'Imported', @p1, @p2, @p3, @p4, @p5)
            """, 6))
        {
            var atText = Instant(at);
            foreach (var order in orders)
            {
                var number = next++;
                var date = Instant(order.OrderDate);
                Run(insertOrder, number, order.Channel, order.ChannelOrderId, date, order.CustomerName, order.CustomerEmail, order.WarehouseId,
                    order.AllDropshipped ? "DropshipmentRequested" : "AwaitingFulfillment", order.Lines.Sum(l => l.Quantity),
                    order.Lines.Sum(l => l.Quantity * l.UnitPriceCents), order.City, order.Country, order.PostalCode, order.Region, order.Street,
                    Keys.Of(order.Channel), Keys.Of(order.ChannelOrderId), SearchText.Fold(order.CustomerName), SearchText.Surname(order.CustomerName),
                    SearchText.Fold(order.CustomerEmail));
                foreach (var line in order.Lines)
                {
                    Run(insertLine, number, line.ProductId, line.Sku, line.Quantity, line.UnitPriceCents);
                    stock[(line.ProductId, order.WarehouseId)] = stock.GetValueOrDefault((line.ProductId, order.WarehouseId)) + line.Quantity;
                }

                var changes = JsonSerializer.Serialize(order.Lines.Select(l => new { l.Sku, order.WarehouseId, PhysicalOnHandDelta = 0, CommittedDelta = l.Quantity }));
                Run(insertEvent, number, by.Id, by.Name, atText, source, changes);
                var dayText = date[..10];
                day[(dayText, order.Channel, order.WarehouseId)] = day.GetValueOrDefault((dayText, order.Channel, order.WarehouseId)) + 1;
                var week = DateOnly.Parse(dayText, CultureInfo.InvariantCulture);
                var weekText = week.AddDays(-(((int)week.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                foreach (var sku in order.Lines.Select(l => l.Sku).Distinct())
                {
                    skuDays[(sku, dayText)] = skuDays.GetValueOrDefault((sku, dayText)) + 1;
                    skuWeeks[(sku, weekText)] = skuWeeks.GetValueOrDefault((sku, weekText)) + 1;
                }
            }
        }

        await using (var upsert = Prepared(connection, tx, """
            INSERT INTO "InventoryLevels" ("ProductId", "WarehouseId", "PhysicalOnHand", "Committed") VALUES (@p0, @p1, 0, @p2)
            ON CONFLICT ("ProductId", "WarehouseId") DO UPDATE SET "Committed" = "InventoryLevels"."Committed" + excluded."Committed"
            """, 3))
        {
            foreach (var ((product, warehouse), units) in stock)
            {
                Run(upsert, product, warehouse, units);
            }
        }

        await using (var upsert = Prepared(connection, tx, """
            INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled") VALUES (@p0, @p1, @p2, @p3, 0)
            ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "ReportOrderDays"."Placed" + excluded."Placed"
            """, 4))
        {
            foreach (var ((d, channel, warehouse), placed) in day)
            {
                Run(upsert, d, channel, warehouse, placed);
            }
        }

        foreach (var (table, column, rows) in new[] { ("ReportSkuDays", "Day", skuDays), ("ReportSkuWeeks", "Week", skuWeeks) })
        {
            await using var upsert = Prepared(connection, tx, $"""
                INSERT INTO "{table}" ("Sku", "{column}", "PlacedOrders", "CancelledOrders", "CancelledUnits") VALUES (@p0, @p1, @p2, 0, 0)
                ON CONFLICT ("Sku", "{column}") DO UPDATE SET "PlacedOrders" = "{table}"."PlacedOrders" + excluded."PlacedOrders"
                """, 3);
            foreach (var ((sku, d), placed) in rows)
            {
                Run(upsert, sku, d, placed);
            }
        }

        await tx.CommitAsync();
    }

    /// <summary>An instant as the app stores it on SQLite: UTC text that sorts in time order.</summary>
    object IRawSql.Instant(DateTimeOffset at) => Instant(at);

    private static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, Dictionary<string, object?> values)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static DbCommand Prepared(DbConnection connection, DbTransaction tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static async Task<object?> Scalar(DbConnection connection, DbTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

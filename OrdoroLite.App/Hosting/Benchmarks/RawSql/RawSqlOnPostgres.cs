using System.Data;
using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Hosting.Benchmarks.RawSql;

/// <summary>
/// The raw twins on PostgreSQL: set-based statements over the numbers bound as one integer array
/// (<c>= ANY(@numbers)</c>), the summaries kept by INSERT … SELECT … GROUP BY … ON CONFLICT, new
/// rows by binary COPY, as a developer would write them by hand. READ COMMITTED, as the app's writes.
/// </summary>
internal sealed class RawSqlOnPostgres : IRawSql
{
    private const string Open = "('AwaitingFulfillment', 'DropshipmentRequested')";
    private const string Day = """("o"."OrderDate" AT TIME ZONE 'UTC')::date""";

    public async Task<int> CancelAsync(DbConnection connection, IReadOnlyList<int> numbers, DateTimeOffset at, Actor by, CancelReason reason,
        string comment)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var tx = await npgsql.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var cancelled = new List<int>(numbers.Count);
        await using (var orders = Command(npgsql, tx, """
            UPDATE "Orders" AS "o" SET
                "StatusBeforeCancel" = "o"."Status",
                "Status" = 'Cancelled',
                "LabelDeletedAtCancel" = EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "o"."Number" AND "l"."State" = 'Active'),
                "CancelledAt" = @at, "CancelledById" = @byId, "CancelledByName" = @byName,
                "CancelReason" = @reason, "CancelComment" = @comment, "Version" = "o"."Version" + 1
            WHERE "o"."Number" = ANY(@numbers) AND "o"."Status" <> 'Cancelled'
            RETURNING "o"."Number"
            """, numbers.ToArray(), at, by, reason, comment))
        {
            await using var reader = await orders.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cancelled.Add(reader.GetInt32(0));
            }
        }

        string[] statements =
        [
            // Open orders release their committed units; a shipped order whose label is deleted gets its units back on the shelf.
            $"""
            UPDATE "InventoryLevels" AS "i" SET
                "Committed" = "i"."Committed" + "d"."CommittedDelta",
                "PhysicalOnHand" = "i"."PhysicalOnHand" + "d"."PhysicalOnHandDelta"
            FROM (
                SELECT "ol"."ProductId", "o"."WarehouseId",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN -"ol"."Quantity" ELSE 0 END) AS "CommittedDelta",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" NOT IN {Open} THEN "ol"."Quantity" ELSE 0 END) AS "PhysicalOnHandDelta"
                FROM "Orders" AS "o" JOIN "OrderLines" AS "ol" ON "ol"."OrderNumber" = "o"."Number"
                WHERE "o"."Number" = ANY(@numbers) AND ("o"."StatusBeforeCancel" IN {Open} OR "o"."LabelDeletedAtCancel")
                GROUP BY "ol"."ProductId", "o"."WarehouseId") AS "d"
            WHERE "i"."ProductId" = "d"."ProductId" AND "i"."WarehouseId" = "d"."WarehouseId"
            """,
            // The timeline first (its Cancelled event carries the stock changes), then the labels and their refunds.
            $"""
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "o"."Number", 'Cancelled', @byId, @byName, @at, @reason, @comment, NULL,
                   COALESCE((SELECT json_agg(json_build_object(
                        'Sku', "ol"."Sku", 'WarehouseId', "o"."WarehouseId",
                        'PhysicalOnHandDelta', CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN 0 ELSE "ol"."Quantity" END,
                        'CommittedDelta', CASE WHEN "o"."StatusBeforeCancel" IN {Open} THEN -"ol"."Quantity" ELSE 0 END))::text
                    FROM "OrderLines" AS "ol"
                    WHERE "ol"."OrderNumber" = "o"."Number"
                      AND ("o"."StatusBeforeCancel" IN {Open} OR "o"."LabelDeletedAtCancel")), '[]')
            FROM "Orders" AS "o"
            WHERE "o"."Number" = ANY(@numbers)
            """,
            """
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "l"."OrderNumber", "e"."Type", @byId, @byName, @at, NULL, NULL,
                   CASE "e"."Type" WHEN 'LabelDeleted' THEN "l"."Carrier" || ' tracking ' || "l"."TrackingNumber"
                        ELSE to_char("l"."CostCents" / 100.0, 'FM999999990.00') || ' requested from ' || "l"."Carrier" END,
                   '[]'
            FROM "Labels" AS "l" CROSS JOIN (VALUES ('LabelDeleted'), ('RefundRequested')) AS "e" ("Type")
            WHERE "l"."OrderNumber" = ANY(@numbers) AND "l"."State" = 'Active'
            ORDER BY "l"."OrderNumber", "e"."Type"
            """,
            """
            INSERT INTO "RefundRequests" ("LabelId", "OrderNumber", "Carrier", "AmountCents", "IdempotencyKey", "State", "RequestedAt", "Attempts")
            SELECT "Id", "OrderNumber", "Carrier", "CostCents", replace(gen_random_uuid()::text, '-', ''), 'Requested', @at, 0
            FROM "Labels"
            WHERE "OrderNumber" = ANY(@numbers) AND "State" = 'Active'
            """,
            """
            UPDATE "Labels" SET "State" = 'Deleted', "DeletedAt" = @at
            WHERE "OrderNumber" = ANY(@numbers) AND "State" = 'Active'
            """,
            // The report's summaries: each cancelled order once per channel day, reason and staff day, SKU day and week (its
            // units of the SKU), and its refunds by state (its labels were all deleted, so nothing is kept).
            $"""
            INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT {Day}, "o"."Channel", "o"."WarehouseId", 0, COUNT(*)
            FROM "Orders" AS "o" WHERE "o"."Number" = ANY(@numbers) GROUP BY 1, 2, 3
            ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Cancelled" = "ReportOrderDays"."Cancelled" + excluded."Cancelled"
            """,
            $"""
            INSERT INTO "ReportCancelDays" ("Day", "CancelReason", "StaffKnown", "CancelledByName", "CancelledOnChannel", "Cancelled")
            SELECT {Day}, @reason, true, @byName, false, COUNT(*)
            FROM "Orders" AS "o" WHERE "o"."Number" = ANY(@numbers) GROUP BY 1
            ON CONFLICT ("Day", "CancelReason", "StaffKnown", "CancelledByName", "CancelledOnChannel") DO UPDATE SET "Cancelled" = "ReportCancelDays"."Cancelled" + excluded."Cancelled"
            """,
            $"""
            INSERT INTO "ReportSkuDays" ("Sku", "Day", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", "Day", 0, COUNT(*), SUM("Units")
            FROM (SELECT "l"."Sku", {Day} AS "Day", SUM("l"."Quantity") AS "Units"
                  FROM "OrderLines" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE "o"."Number" = ANY(@numbers) GROUP BY "l"."OrderNumber", "l"."Sku", 2) AS "u"
            GROUP BY 1, 2
            ON CONFLICT ("Sku", "Day") DO UPDATE SET "CancelledOrders" = "ReportSkuDays"."CancelledOrders" + excluded."CancelledOrders",
                "CancelledUnits" = "ReportSkuDays"."CancelledUnits" + excluded."CancelledUnits"
            """,
            $"""
            INSERT INTO "ReportSkuWeeks" ("Sku", "Week", "PlacedOrders", "CancelledOrders", "CancelledUnits")
            SELECT "Sku", date_trunc('week', "Day")::date, 0, COUNT(*), SUM("Units")
            FROM (SELECT "l"."Sku", {Day} AS "Day", SUM("l"."Quantity") AS "Units"
                  FROM "OrderLines" AS "l" JOIN "Orders" AS "o" ON "o"."Number" = "l"."OrderNumber"
                  WHERE "o"."Number" = ANY(@numbers) GROUP BY "l"."OrderNumber", "l"."Sku", 2) AS "u"
            GROUP BY 1, 2
            ON CONFLICT ("Sku", "Week") DO UPDATE SET "CancelledOrders" = "ReportSkuWeeks"."CancelledOrders" + excluded."CancelledOrders",
                "CancelledUnits" = "ReportSkuWeeks"."CancelledUnits" + excluded."CancelledUnits"
            """,
            $"""
            INSERT INTO "ReportLabelDays" ("Day", "RefundedCents", "DeniedCents", "PendingCents", "KeptCents")
            SELECT {Day},
                   SUM(CASE WHEN "r"."State" = 'Approved' THEN "r"."AmountCents" ELSE 0 END),
                   SUM(CASE WHEN "r"."State" = 'Denied' THEN "r"."AmountCents" ELSE 0 END),
                   SUM(CASE WHEN "r"."State" IN ('Requested', 'Submitted') THEN "r"."AmountCents" ELSE 0 END), 0
            FROM "RefundRequests" AS "r" JOIN "Orders" AS "o" ON "o"."Number" = "r"."OrderNumber"
            WHERE "o"."Number" = ANY(@numbers) GROUP BY 1
            ON CONFLICT ("Day") DO UPDATE SET "RefundedCents" = "ReportLabelDays"."RefundedCents" + excluded."RefundedCents",
                "DeniedCents" = "ReportLabelDays"."DeniedCents" + excluded."DeniedCents",
                "PendingCents" = "ReportLabelDays"."PendingCents" + excluded."PendingCents"
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = Command(npgsql, tx, sql, cancelled.ToArray(), at, by, reason, comment);
            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return cancelled.Count;
    }

    public async Task ImportAsync(DbConnection connection, IReadOnlyList<RawOrder> orders, DateTimeOffset at, Actor by, string source)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var tx = await npgsql.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var numbers = new List<int>(orders.Count);
        await using (var reserve = new NpgsqlCommand(
            """SELECT nextval(pg_get_serial_sequence('"Orders"', 'Number'))::int FROM generate_series(1, @count)""", npgsql, tx))
        {
            reserve.Parameters.AddWithValue("count", orders.Count);
            await using var reader = await reserve.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                numbers.Add(reader.GetInt32(0));
            }
        }

        var day = new Dictionary<(DateOnly, string, int), long>();
        var skuDays = new Dictionary<(string, DateOnly), long>();
        var skuWeeks = new Dictionary<(string, DateOnly), long>();
        var stock = new Dictionary<(int, int), long>();
        await using (var copy = await npgsql.BeginBinaryImportAsync("""
            COPY "Orders" ("Number", "Channel", "ChannelOrderId", "ChannelKey", "ChannelOrderIdKey", "OrderDate", "CustomerName",
                "CustomerEmail", "SearchName", "SearchSurname", "SearchEmail", "WarehouseId", "Status", "ItemCount", "TotalCents",
                "ShipTo_City", "ShipTo_Country", "ShipTo_PostalCode", "ShipTo_Region", "ShipTo_Street", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < orders.Count; i++)
            {
                var order = orders[i];
                await copy.WriteRowAsync(default, numbers[i], order.Channel, order.ChannelOrderId, Keys.Of(order.Channel),
                    Keys.Of(order.ChannelOrderId), order.OrderDate.UtcDateTime, order.CustomerName, order.CustomerEmail,
                    SearchText.Fold(order.CustomerName), SearchText.Surname(order.CustomerName), SearchText.Fold(order.CustomerEmail),
                    order.WarehouseId, order.AllDropshipped ? "DropshipmentRequested" : "AwaitingFulfillment", order.Lines.Sum(l => l.Quantity),
                    order.Lines.Sum(l => l.Quantity * l.UnitPriceCents), order.City, order.Country, order.PostalCode, order.Region, order.Street, 0);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await npgsql.BeginBinaryImportAsync("""
            COPY "OrderLines" ("OrderNumber", "ProductId", "Sku", "Quantity", "UnitPriceCents") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < orders.Count; i++)
            {
                foreach (var line in orders[i].Lines)
                {
                    await copy.WriteRowAsync(default, numbers[i], line.ProductId, line.Sku, line.Quantity, line.UnitPriceCents);
                }
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await npgsql.BeginBinaryImportAsync("""
            COPY "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Detail", "InventoryChanges") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < orders.Count; i++)
            {
                var order = orders[i];
                var changes = JsonSerializer.Serialize(order.Lines.Select(l => new { l.Sku, order.WarehouseId, PhysicalOnHandDelta = 0, CommittedDelta = l.Quantity }));
                await copy.WriteRowAsync(default, numbers[i], "Imported", by.Id, by.Name, at.UtcDateTime, source, changes);
                foreach (var line in order.Lines)
                {
                    stock[(line.ProductId, order.WarehouseId)] = stock.GetValueOrDefault((line.ProductId, order.WarehouseId)) + line.Quantity;
                }

                var date = DateOnly.FromDateTime(order.OrderDate.UtcDateTime);
                day[(date, order.Channel, order.WarehouseId)] = day.GetValueOrDefault((date, order.Channel, order.WarehouseId)) + 1;
                var week = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
                foreach (var sku in order.Lines.Select(l => l.Sku).Distinct())
                {
                    skuDays[(sku, date)] = skuDays.GetValueOrDefault((sku, date)) + 1;
                    skuWeeks[(sku, week)] = skuWeeks.GetValueOrDefault((sku, week)) + 1;
                }
            }

            await copy.CompleteAsync();
        }

        await Upsert(npgsql, tx, """
            INSERT INTO "InventoryLevels" ("ProductId", "WarehouseId", "PhysicalOnHand", "Committed")
            SELECT "p", "w", 0, "u" FROM unnest(@a, @b, @c) AS "t" ("p", "w", "u")
            ON CONFLICT ("ProductId", "WarehouseId") DO UPDATE SET "Committed" = "InventoryLevels"."Committed" + excluded."Committed"
            """, stock.Keys.Select(k => k.Item1).ToArray(), stock.Keys.Select(k => k.Item2).ToArray(), stock.Values.Select(v => (int)v).ToArray());
        await Upsert(npgsql, tx, """
            INSERT INTO "ReportOrderDays" ("Day", "Channel", "WarehouseId", "Placed", "Cancelled")
            SELECT "d", "c", "w", "n", 0 FROM unnest(@a, @b, @c, @d) AS "t" ("d", "c", "w", "n")
            ON CONFLICT ("Day", "Channel", "WarehouseId") DO UPDATE SET "Placed" = "ReportOrderDays"."Placed" + excluded."Placed"
            """, day.Keys.Select(k => k.Item1).ToArray(), day.Keys.Select(k => k.Item2).ToArray(), day.Keys.Select(k => k.Item3).ToArray(),
            day.Values.ToArray());
        foreach (var (table, column, rows) in new[] { ("ReportSkuDays", "Day", skuDays), ("ReportSkuWeeks", "Week", skuWeeks) })
        {
            await Upsert(npgsql, tx, $"""
                INSERT INTO "{table}" ("Sku", "{column}", "PlacedOrders", "CancelledOrders", "CancelledUnits")
                SELECT "s", "d", "n", 0, 0 FROM unnest(@a, @b, @c) AS "t" ("s", "d", "n")
                ON CONFLICT ("Sku", "{column}") DO UPDATE SET "PlacedOrders" = "{table}"."PlacedOrders" + excluded."PlacedOrders"
                """, rows.Keys.Select(k => k.Item1).ToArray(), rows.Keys.Select(k => k.Item2).ToArray(), rows.Values.ToArray());
        }

        await tx.CommitAsync();
    }

    /// <summary>A timestamp with time zone: the UTC instant.</summary>
    public object Instant(DateTimeOffset at) => at.UtcDateTime;

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, int[] numbers, DateTimeOffset at, Actor by,
        CancelReason reason, string comment)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("numbers", numbers);
        command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, at.UtcDateTime);
        command.Parameters.AddWithValue("byId", by.Id);
        command.Parameters.AddWithValue("byName", by.Name);
        command.Parameters.AddWithValue("reason", reason.ToString());
        command.Parameters.AddWithValue("comment", comment);
        return command;
    }

    private static async Task Upsert(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params Array[] columns)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.AddWithValue(((char)('a' + i)).ToString(), columns[i]);
        }

        await command.ExecuteNonQueryAsync();
    }
}

using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Data.Sqlite;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// Bulk cancel with "delete labels" through <see cref="CancelOrders"/> against one hand-written
/// transaction that writes the same rows (orders, stock levels, labels, refund requests, timeline
/// events). Every run cancels orders no run has touched: a random, fixed-seed sample of the
/// orders that are not cancelled yet, so each batch has the database's mix of statuses.
/// </summary>
internal sealed class CancelBenchmark(IDbContextFactory<OrdoroDbContext> contexts, string connectionString, int warmups, int runs)
{
    private const string Group = "Bulk cancel";
    /// <summary>The most one bulk action takes (OrderBatch.MaxOrders).</summary>
    public const int MaxBatch = 10_000;

    private const string Comment = "Benchmark run";
    private static readonly Actor By = Actor.System("Benchmark");

    private readonly Queue<int> _fresh = new();
    // Shared by every instance: each batch size has its own benchmark, and once cancels got fast
    // a second instance starting from "now" reused the first one's instants.
    private static DateTimeOffset _at = DateTimeOffset.UtcNow;

    public async Task<List<BenchResult>> RunAsync(IReadOnlyList<int> sizes)
    {
        await LoadPoolAsync();
        var results = new List<BenchResult>();
        foreach (var size in sizes)
        {
            var needed = (warmups + runs) * 2 * size;
            if (needed > _fresh.Count)
            {
                results.Add(new BenchResult(Group, $"{size:N0} orders", 0, null, [], [], null, null,
                    $"skipped: needs {needed:N0} orders not yet cancelled, {_fresh.Count:N0} left"));
                continue;
            }

            var written = new List<Written>();
            var times = await BenchTiming.PairedSelfTimedRunsAsync(warmups, runs,
                async _ => await CheckedAsync(Take(size), OursAsync, written),
                async _ => await CheckedAsync(Take(size), RawAsync, written));
            var mix = written[^1].Mix;
            var target = size switch
            {
                1_000 => 1.5,
                _ => (double?)null,
            };
            var result = BenchTiming.Paired(Group, $"{size:N0} orders, delete labels", times, target,
                $"per run ≈ {mix}");
            if (size == MaxBatch)
            {
                // The second target: the largest action a person can start must finish in 5 s.
                result = result with
                {
                    Target = "≤ 5 s",
                    Met = result.OursMs <= 5_000,
                };
            }

            results.Add(result);
            if (written.Any(w => !w.AsExpected))
            {
                throw new InvalidOperationException($"Bulk cancel of {size}: {written.First(w => !w.AsExpected).Mix}");
            }
        }

        return results;
    }

    private async Task LoadPoolAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Number" FROM "Orders" WHERE "Status" <> 'Cancelled'""";
        var numbers = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetInt32(0));
        }

        var shuffled = numbers.ToArray();
        new Random(9).Shuffle(shuffled);
        foreach (var number in shuffled)
        {
            _fresh.Enqueue(number);
        }
    }

    private List<int> Take(int size) => Enumerable.Range(0, size).Select(_ => _fresh.Dequeue()).ToList();

    /// <summary>Each run writes at its own instant, so its rows can be counted afterwards.</summary>
    private static DateTimeOffset NextInstant()
    {
        _at = _at.AddSeconds(1);
        return new DateTimeOffset(_at.Ticks - (_at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Times one run, and only the action: the state before and the rows written after are read
    /// outside the clock (counting rows by instant scans the orders and the timeline).
    /// </summary>
    private async Task<double> CheckedAsync(List<int> numbers, Func<List<int>, DateTimeOffset, Task> action, List<Written> written)
    {
        var before = await StateAsync(numbers);
        var at = NextInstant();
        var ms = await BenchTiming.TimeAsync(() => action(numbers, at));
        written.Add(await CheckAsync(before, at));
        return ms;
    }

    private async Task OursAsync(List<int> numbers, DateTimeOffset at)
    {
        var cancel = new CancelOrders(contexts, new FixedClock(at));
        var outcome = await cancel.RunAsync(new CancelOrdersRequest(numbers, CancelReason.Other, Comment, DeleteLabels: true), By);
        if (outcome.DoneCount != numbers.Count)
        {
            throw new InvalidOperationException($"CancelOrders cancelled {outcome.DoneCount} of {numbers.Count}: {outcome.Summary}");
        }
    }

    /// <summary>The same work by hand: one write transaction, set-based statements, no entities.</summary>
    private async Task RawAsync(List<int> numbers, DateTimeOffset at)
    {
        await using var connection = await OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable);

        var cancelled = new List<int>(numbers.Count);
        await using (var orders = Command(connection, tx, at, """
            UPDATE "Orders" SET
                "StatusBeforeCancel" = "Status",
                "Status" = 'Cancelled',
                "LabelDeletedAtCancel" = EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "Orders"."Number" AND "l"."State" = 'Active'),
                "CancelledAt" = $at, "CancelledById" = $byId, "CancelledByName" = $byName,
                "CancelReason" = $reason, "CancelComment" = $comment
            WHERE "Number" IN (SELECT "value" FROM json_each($numbers)) AND "Status" <> 'Cancelled'
            RETURNING "Number"
            """, numbers))
        {
            await using var reader = await orders.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cancelled.Add(reader.GetInt32(0));
            }
        }

        // Open orders release their committed units; a shipped order whose label is deleted gets its units back on the shelf.
        await ExecuteAsync(connection, tx, at, """
            UPDATE "InventoryLevels" SET
                "Committed" = "Committed" + "d"."CommittedDelta",
                "PhysicalOnHand" = "PhysicalOnHand" + "d"."PhysicalOnHandDelta"
            FROM (
                SELECT "ol"."ProductId", "o"."WarehouseId",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" IN ('AwaitingFulfillment', 'DropshipmentRequested') THEN -"ol"."Quantity" ELSE 0 END) AS "CommittedDelta",
                       SUM(CASE WHEN "o"."StatusBeforeCancel" NOT IN ('AwaitingFulfillment', 'DropshipmentRequested') THEN "ol"."Quantity" ELSE 0 END) AS "PhysicalOnHandDelta"
                FROM "Orders" AS "o" JOIN "OrderLines" AS "ol" ON "ol"."OrderNumber" = "o"."Number"
                WHERE "o"."Number" IN (SELECT "value" FROM json_each($numbers))
                  AND ("o"."StatusBeforeCancel" IN ('AwaitingFulfillment', 'DropshipmentRequested') OR "o"."LabelDeletedAtCancel")
                GROUP BY "ol"."ProductId", "o"."WarehouseId") AS "d"
            WHERE "InventoryLevels"."ProductId" = "d"."ProductId" AND "InventoryLevels"."WarehouseId" = "d"."WarehouseId"
            """, cancelled);

        // The timeline first (its Cancelled event carries the stock changes), then the labels and their refunds.
        await ExecuteAsync(connection, tx, at, """
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "o"."Number", 'Cancelled', $byId, $byName, $at, $reason, $comment, NULL,
                   (SELECT json_group_array(json_object(
                        'CommittedDelta', CASE WHEN "o"."StatusBeforeCancel" IN ('AwaitingFulfillment', 'DropshipmentRequested') THEN -"ol"."Quantity" ELSE 0 END,
                        'PhysicalOnHandDelta', CASE WHEN "o"."StatusBeforeCancel" IN ('AwaitingFulfillment', 'DropshipmentRequested') THEN 0 ELSE "ol"."Quantity" END,
                        'Sku', "ol"."Sku", 'WarehouseId', "o"."WarehouseId"))
                    FROM "OrderLines" AS "ol"
                    WHERE "ol"."OrderNumber" = "o"."Number"
                      AND ("o"."StatusBeforeCancel" IN ('AwaitingFulfillment', 'DropshipmentRequested') OR "o"."LabelDeletedAtCancel"))
            FROM "Orders" AS "o"
            WHERE "o"."Number" IN (SELECT "value" FROM json_each($numbers))
            """, cancelled);
        await ExecuteAsync(connection, tx, at, """
            INSERT INTO "OrderEvents" ("OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment", "Detail", "InventoryChanges")
            SELECT "l"."OrderNumber", "e"."Type", $byId, $byName, $at, NULL, NULL,
                   CASE "e"."Type" WHEN 'LabelDeleted' THEN "l"."Carrier" || ' tracking ' || "l"."TrackingNumber"
                        ELSE printf('%.2f requested from %s', "l"."CostCents" / 100.0, "l"."Carrier") END,
                   '[]'
            FROM "Labels" AS "l" CROSS JOIN (SELECT 'LabelDeleted' AS "Type" UNION ALL SELECT 'RefundRequested') AS "e"
            WHERE "l"."OrderNumber" IN (SELECT "value" FROM json_each($numbers)) AND "l"."State" = 'Active'
            ORDER BY "l"."OrderNumber", "e"."Type"
            """, cancelled);
        await ExecuteAsync(connection, tx, at, """
            INSERT INTO "RefundRequests" ("LabelId", "OrderNumber", "Carrier", "AmountCents", "IdempotencyKey", "State", "RequestedAt", "Attempts")
            SELECT "Id", "OrderNumber", "Carrier", "CostCents", lower(hex(randomblob(16))), 'Requested', $at, 0
            FROM "Labels"
            WHERE "OrderNumber" IN (SELECT "value" FROM json_each($numbers)) AND "State" = 'Active'
            """, cancelled);
        await ExecuteAsync(connection, tx, at, """
            UPDATE "Labels" SET "State" = 'Deleted', "DeletedAt" = $at
            WHERE "OrderNumber" IN (SELECT "value" FROM json_each($numbers)) AND "State" = 'Active'
            """, cancelled);

        await tx.CommitAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = SqliteStatements.ConnectionPragmas;
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, DateTimeOffset at, string sql, List<int> numbers)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$numbers", "[" + string.Join(",", numbers) + "]");
        // Bound exactly as EF binds them: instants as UTC DateTime, enums as their names.
        command.Parameters.AddWithValue("$at", at.UtcDateTime);
        command.Parameters.AddWithValue("$byId", By.Id);
        command.Parameters.AddWithValue("$byName", By.Name);
        command.Parameters.AddWithValue("$reason", CancelReason.Other.ToString());
        command.Parameters.AddWithValue("$comment", Comment);
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx, DateTimeOffset at, string sql, List<int> numbers)
    {
        await using var command = Command(connection, tx, at, sql, numbers);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Before a run (untimed): how many of the orders are open, shipped with an active label, or shipped without.</summary>
    private async Task<Before> StateAsync(List<int> numbers)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
                SUM("Status" IN ('AwaitingFulfillment', 'DropshipmentRequested')),
                SUM("Status" = 'Shipped' AND EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "o"."Number" AND "l"."State" = 'Active')),
                SUM("Status" = 'Shipped' AND NOT EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "o"."Number" AND "l"."State" = 'Active')),
                (SELECT COUNT(*) FROM "OrderLines" WHERE "OrderNumber" IN (SELECT "value" FROM json_each($numbers)))
            FROM "Orders" AS "o" WHERE "Number" IN (SELECT "value" FROM json_each($numbers))
            """;
        command.Parameters.AddWithValue("$numbers", "[" + string.Join(",", numbers) + "]");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Before(numbers.Count, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    /// <summary>After a run (untimed): the rows it wrote at its instant, against what the rules say it must write.</summary>
    private async Task<Written> CheckAsync(Before before, DateTimeOffset at)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
                (SELECT COUNT(*) FROM "Orders" WHERE "CancelledAt" = $at),
                (SELECT COUNT(*) FROM "Labels" WHERE "DeletedAt" = $at),
                (SELECT COUNT(*) FROM "RefundRequests" WHERE "RequestedAt" = $at),
                (SELECT COUNT(*) FROM "OrderEvents" WHERE "At" = $at)
            """;
        command.Parameters.AddWithValue("$at", at.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (orders, labels, refunds, events) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        var expectedEvents = before.Orders + (2 * before.ShippedWithLabel);
        var asExpected = orders == before.Orders && labels == before.ShippedWithLabel && refunds == labels && events == expectedEvents;
        var mix = string.Create(CultureInfo.InvariantCulture,
            $"{before.Open:N0} open + {before.ShippedWithLabel:N0} shipped with label + {before.ShippedByHand:N0} shipped by hand ({before.Lines:N0} lines); " +
            $"wrote {orders:N0} orders, {labels:N0} labels, {refunds:N0} refunds, {events:N0} events");
        return new Written(asExpected, asExpected ? mix : $"expected {before.Orders} orders, {before.ShippedWithLabel} labels, {expectedEvents} events but {mix}");
    }

    private sealed record Before(int Orders, int Open, int ShippedWithLabel, int ShippedByHand, int Lines);

    private sealed record Written(bool AsExpected, string Mix);
}

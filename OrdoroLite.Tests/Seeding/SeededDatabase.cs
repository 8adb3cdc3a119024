using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Seeding;

/// <summary>A migrated test database filled with the demo seed at a fixed "now", and raw-SQL helpers to inspect it.</summary>
public sealed class SeededDatabase : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 15, 30, 0, TimeSpan.Zero);

    public TestDatabase Database { get; private init; } = null!;

    public SeedSummary Summary { get; private set; } = null!;

    public SeededDatabase()
        : this(TestDatabase.InMemory)
    {
    }

    private SeededDatabase(Func<TestDatabase> create)
    {
        Database = create();
    }

    /// <param name="create">The database to seed; null: an in-memory SQLite one.</param>
    public static async Task<SeededDatabase> CreateAsync(Func<TestDatabase>? create = null)
    {
        var seeded = new SeededDatabase(create ?? TestDatabase.InMemory);
        await seeded.InitializeAsync();
        return seeded;
    }

    public async Task InitializeAsync()
    {
        Summary = await DemoOrders.SeedAsync(Database, new FakeTimeProvider(Now));
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var db = Database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await QueryAsync(sql)).Single()[0]);

    /// <summary>A hash of every row of every table the seed fills, in key order: equal hashes mean identical data (refund idempotency keys aside).</summary>
    public async Task<Dictionary<string, string>> ChecksumsAsync()
    {
        var checksums = new Dictionary<string, string>();
        foreach (var table in new[] { "Warehouses", "Products", "InventoryLevels", "Orders", "OrderLines", "Labels", "RefundRequests", "OrderEvents" })
        {
            var text = new StringBuilder();
            // A refund's idempotency key is random by design: a carrier must never see one twice.
            var columns = table == "RefundRequests"
                ? "\"Id\", \"LabelId\", \"OrderNumber\", \"Carrier\", \"AmountCents\", \"State\", \"RequestedAt\", \"Attempts\", \"NextAttemptAt\""
                : "*";
            foreach (var row in await QueryAsync($"SELECT {columns} FROM \"{table}\" ORDER BY 1, 2"))
            {
                text.AppendJoin('\u001f', row.Select(v => v?.ToString() ?? "∅")).Append('\n');
            }

            checksums[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }

        return checksums;
    }

    /// <summary>Committed per (product, warehouse) as stored, and as recomputed from the open orders' lines.</summary>
    public async Task<List<(long ProductId, long WarehouseId, long Stored, long FromOpenOrders, long FromTimeline, long PhysicalOnHand)>> LevelsAsync()
    {
        var rows = await QueryAsync("""
            SELECT i.ProductId, i.WarehouseId, i.Committed,
                   COALESCE((SELECT SUM(l.Quantity) FROM OrderLines l JOIN Orders o ON o.Number = l.OrderNumber
                             WHERE l.ProductId = i.ProductId AND o.WarehouseId = i.WarehouseId
                               AND o.Status IN ('AwaitingFulfillment', 'DropshipmentRequested')), 0),
                   COALESCE((SELECT SUM(json_extract(j.value, '$.CommittedDelta'))
                             FROM OrderEvents e, json_each(e.InventoryChanges) j
                             WHERE json_extract(j.value, '$.Sku') = p.Sku
                               AND json_extract(j.value, '$.WarehouseId') = i.WarehouseId), 0),
                   i.PhysicalOnHand
            FROM InventoryLevels i JOIN Products p ON p.Id = i.ProductId
            """);
        return rows.Select(r => (Convert.ToInt64(r[0]), Convert.ToInt64(r[1]), Convert.ToInt64(r[2]), Convert.ToInt64(r[3]),
            Convert.ToInt64(r[4]), Convert.ToInt64(r[5]))).ToList();
    }
}

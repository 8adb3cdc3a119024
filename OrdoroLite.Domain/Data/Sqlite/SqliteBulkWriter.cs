using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Seeding;
using SQLitePCL;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>
/// Writes seed rows into a new SQLite database: one write transaction, one prepared INSERT per
/// table reused for every row, values bound by position. Values are stored exactly as EF Core
/// stores them (enums as names, instants as UTC text, inventory changes as EF's JSON), so EF
/// reads the rows back like its own.
/// </summary>
/// <remarks>
/// Measured on 2 cores: SqliteCommand binds parameters by name on every execution, which cost
/// more than SQLite's own work (≈15 µs a row; multi-row VALUES made it worse, the name lookup
/// grows with the parameter count). Binding by position through the connection's handle costs
/// about 1 µs. Rows are made and formatted on the caller's thread while a second thread binds
/// and inserts them. Secondary indexes with random keys are dropped for the load and rebuilt
/// at the end, in the same transaction: building an index from sorted data beats a million
/// random inserts.
/// </remarks>
public sealed partial class SqliteBulkWriter : ISeedSink, IDisposable
{
    /// <summary>The tables the seed fills, parents first.</summary>
    private static readonly string[] Tables =
        ["Warehouses", "Products", "Orders", "OrderLines", "Labels", "RefundRequests", "OrderEvents", "InventoryLevels"];

    /// <summary>Indexes whose keys arrive in order (by order number or date): appending to them is cheaper than rebuilding.</summary>
    private static readonly string[] KeptIndexes =
        ["IX_Orders_OrderDate", "IX_OrderLines_OrderNumber", "IX_Labels_OrderNumber", "IX_RefundRequests_OrderNumber", "IX_OrderEvents_OrderNumber_At"];

    private readonly Dictionary<string, string> _escapedSkus = [];
    private readonly StringBuilder _json = new();
    private readonly Insert _warehouses;
    private readonly Insert _products;
    private readonly Insert _orders;
    private readonly Insert _lines;
    private readonly Insert _labels;
    private readonly Insert _refunds;
    private readonly Insert _events;
    private readonly Insert _inventory;
    private readonly ReportSums _report;
    private readonly BlockingCollection<Batch> _full = new(boundedCapacity: 4);
    private readonly CancellationTokenSource _failed = new();
    private readonly Task _sqliteThread;
    private Batch _batch = new();

    private SqliteBulkWriter(sqlite3 db)
    {
        Insert Table(string table, params string[] columns) => new(this, db, table, columns);

        _warehouses = Table("Warehouses", "Id", "Name");
        _products = Table("Products", "Id", "Sku", "Name", "IsDropshipped");
        _orders = Table("Orders", "Number", "Channel", "ChannelOrderId", "OrderDate", "CustomerName", "CustomerEmail",
            "WarehouseId", "Status", "HandTrackingNumber", "ItemCount", "TotalCents", "StatusBeforeCancel",
            "LabelDeletedAtCancel", "CancelledAt", "CancelledById", "CancelledByName", "CancelReason", "CancelComment",
            "ShipTo_City", "ShipTo_Country", "ShipTo_PostalCode", "ShipTo_Region", "ShipTo_Street");
        _lines = Table("OrderLines", "Id", "OrderNumber", "ProductId", "Sku", "Quantity", "UnitPriceCents");
        _labels = Table("Labels", "Id", "OrderNumber", "Carrier", "Service", "TrackingNumber", "CostCents", "CreatedAt",
            "State", "DeletedAt");
        _refunds = Table("RefundRequests", "Id", "LabelId", "OrderNumber", "Carrier", "AmountCents", "IdempotencyKey",
            "State", "RequestedAt", "Attempts", "NextAttemptAt", "LastError", "DenialReason");
        _events = Table("OrderEvents", "Id", "OrderNumber", "Type", "ActorId", "ActorName", "At", "Reason", "Comment",
            "Detail", "InventoryChanges");
        _inventory = Table("InventoryLevels", "ProductId", "WarehouseId", "PhysicalOnHand", "Committed");
        _report = new ReportSums(this, db);
        _sqliteThread = Task.Factory.StartNew(WriteBatches, TaskCreationOptions.LongRunning);
    }

    /// <summary>
    /// Runs <paramref name="write"/> against a bulk writer in one write transaction on the
    /// context's connection: all of it is written, or nothing.
    /// </summary>
    public static T WriteAll<T>(OrdoroDbContext db, Func<ISeedSink, T> write)
    {
        db.Database.OpenConnection();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var previousCacheSize = Convert.ToInt64(Scalar(connection, null, "PRAGMA cache_size;"), CultureInfo.InvariantCulture);
        // Without WAL a big load is written once instead of twice (log, then checkpoint). SQLite
        // only leaves WAL when no other connection has the file open; otherwise it stays in WAL.
        var leftWal = string.Equals(Scalar(connection, null, "PRAGMA journal_mode;") as string, "wal", StringComparison.OrdinalIgnoreCase)
            && string.Equals(Scalar(connection, null, "PRAGMA journal_mode = MEMORY;") as string, "memory", StringComparison.OrdinalIgnoreCase);
        try
        {
            // A big page cache keeps the load and the index builds off the disk; helper threads sort for the index builds.
            Scalar(connection, null, "PRAGMA cache_size = -262144; PRAGMA threads = 2;");
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            var indexes = DropIndexes(connection, transaction);
            // The report's summary triggers would add several upserts per row; the writer sums
            // the rows itself and adds the sums once at the end (ReportSums).
            Scalar(connection, transaction, SqliteReportSummaries.DropTriggers);
            T result;
            using (var writer = new SqliteBulkWriter(connection.Handle!))
            {
                result = write(writer);
                writer.Complete();
            }

            foreach (var createIndex in indexes)
            {
                Scalar(connection, transaction, createIndex);
            }

            Scalar(connection, transaction, SqliteReportSummaries.CreateTriggers);

            transaction.Commit();
            return result;
        }
        finally
        {
            Scalar(connection, null, $"PRAGMA cache_size = {previousCacheSize}; PRAGMA threads = 0;");
            if (leftWal)
            {
                Scalar(connection, null, SqliteStatements.EnableWal);
            }

            db.Database.CloseConnection();
        }
    }

    public void Warehouse(int id, string name) => _warehouses.Int(id).Text(name).Run();

    public void Product(int id, string sku, string name, bool isDropshipped) =>
        _products.Int(id).Text(sku).Text(name).Bool(isDropshipped).Run();

    public void Order(SeedOrder o)
    {
        _report.Order(o);
        _orders.Int(o.Number).Text(o.Channel).Text(o.ChannelOrderId).Instant(o.OrderDate).Text(o.CustomerName)
            .Text(o.CustomerEmail).Int(o.WarehouseId).Text(o.Status.ToString()).Text(o.HandTrackingNumber)
            .Int(o.ItemCount).Int(o.TotalCents).Text(o.StatusBeforeCancel?.ToString()).Bool(o.LabelDeletedAtCancel)
            .Instant(o.CancelledAt).Text(o.CancelledBy?.Id).Text(o.CancelledBy?.Name).Text(o.CancelReason?.ToString())
            .Text(o.CancelComment).Text(o.ShipTo.City).Text(o.ShipTo.Country).Text(o.ShipTo.PostalCode)
            .Text(o.ShipTo.Region).Text(o.ShipTo.Street).Run();
    }

    public void Line(int id, int orderNumber, int productId, string sku, int quantity, long unitPriceCents)
    {
        _report.Line(orderNumber, sku, quantity);
        _lines.Int(id).Int(orderNumber).Int(productId).Text(sku).Int(quantity).Int(unitPriceCents).Run();
    }

    public void Label(SeedLabel l)
    {
        _report.Label(l);
        _labels.Int(l.Id).Int(l.OrderNumber).Text(l.Carrier).Text(l.Service).Text(l.TrackingNumber).Int(l.CostCents)
            .Instant(l.CreatedAt).Text(l.State.ToString()).Instant(l.DeletedAt).Run();
    }

    public void Refund(int id, int labelId, int orderNumber, string carrier, long amountCents, string idempotencyKey,
        DateTimeOffset requestedAt)
    {
        _report.Refund(orderNumber, amountCents);
        _refunds.Int(id).Int(labelId).Int(orderNumber).Text(carrier).Int(amountCents).Text(idempotencyKey)
            .Text(nameof(RefundState.Requested)).Instant(requestedAt).Int(0).Null().Null().Null().Run();
    }

    public void Event(long id, int orderNumber, OrderEventType type, Actor actor, DateTimeOffset at, CancelReason? reason,
        string? comment, string? detail, IReadOnlyList<InventoryChange> inventoryChanges) =>
        _events.Int(id).Int(orderNumber).Text(type.ToString()).Text(actor.Id).Text(actor.Name).Instant(at)
            .Text(reason?.ToString()).Text(comment).Text(detail).Text(Json(inventoryChanges)).Run();

    public void Inventory(int productId, int warehouseId, int physicalOnHand, int committed) =>
        _inventory.Int(productId).Int(warehouseId).Int(physicalOnHand).Int(committed).Run();

    public void Dispose()
    {
        _full.CompleteAdding();
        try
        {
            _sqliteThread.Wait();
        }
        catch (AggregateException)
        {
            // Already reported by Complete, or the write is being abandoned.
        }

        _full.Dispose();
        _failed.Dispose();
        foreach (var insert in new[] { _warehouses, _products, _orders, _lines, _labels, _refunds, _events, _inventory })
        {
            insert.Dispose();
        }

        _report.Dispose();
    }

    /// <summary>Hands the last rows to the SQLite thread and waits until every row is written.</summary>
    private void Complete()
    {
        _report.WriteRows();
        Send();
        _full.CompleteAdding();
        _sqliteThread.GetAwaiter().GetResult();
    }

    private void EndRow(Insert table)
    {
        _batch.Tables[_batch.Count++] = table;
        if (_batch.Count == Batch.Rows)
        {
            Send();
        }
    }

    private void Send()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        try
        {
            _full.Add(_batch, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            // The SQLite thread stopped on an error: report that error, not the cancellation.
            _sqliteThread.GetAwaiter().GetResult();
            throw;
        }

        _batch = new Batch();
    }

    /// <summary>
    /// The SQLite thread: inserts the batches in the order they were made, so parents still come
    /// before children. Generating and formatting rows runs meanwhile on the caller's thread.
    /// </summary>
    private void WriteBatches()
    {
        try
        {
            foreach (var batch in _full.GetConsumingEnumerable())
            {
                var offset = 0;
                for (var row = 0; row < batch.Count; row++)
                {
                    var table = batch.Tables[row];
                    table.Write(batch.Values, offset);
                    offset += table.Columns;
                }
            }
        }
        catch
        {
            _failed.Cancel();
            throw;
        }
    }

    /// <summary>Drops the secondary indexes of the seeded tables and returns the SQL that rebuilds them.</summary>
    private static List<string> DropIndexes(SqliteConnection connection, SqliteTransaction transaction)
    {
        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL
                  AND tbl_name IN ({string.Join(", ", Tables.Select(t => $"'{t}'"))})
                  AND name NOT IN ({string.Join(", ", KeptIndexes.Select(i => $"'{i}'"))})
                ORDER BY name;
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            Scalar(connection, transaction, $"DROP INDEX \"{name}\";");
        }

        return indexes.Select(i => i.Sql).ToList();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The exact JSON EF Core writes for an owned collection: properties in name order, default escaping.</summary>
    private string Json(IReadOnlyList<InventoryChange> changes)
    {
        if (changes.Count == 0)
        {
            return "[]";
        }

        _json.Clear().Append('[');
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            if (!_escapedSkus.TryGetValue(c.Sku, out var sku))
            {
                sku = JsonEncodedText.Encode(c.Sku).ToString();
                _escapedSkus.Add(c.Sku, sku);
            }

            _json.Append(i == 0 ? "{" : ",{")
                .Append(CultureInfo.InvariantCulture, $"\"CommittedDelta\":{c.CommittedDelta},\"PhysicalOnHandDelta\":{c.PhysicalOnHandDelta},")
                .Append("\"Sku\":\"").Append(sku)
                .Append(CultureInfo.InvariantCulture, $"\",\"WarehouseId\":{c.WarehouseId}}}");
        }

        return _json.Append(']').ToString();
    }

    /// <summary>Values of many rows, filled by the generating thread and written by the SQLite thread.</summary>
    private sealed class Batch
    {
        public const int Rows = 4_096;

        public readonly Insert[] Tables = new Insert[Rows];
        public readonly List<Value> Values = new(Rows * 8);
        public int Count;
    }

    /// <summary>An integer, a UTF-8 text or NULL, ready to bind.</summary>
    private readonly record struct Value(long Int, byte[]? Text, bool IsNull);

    /// <summary>
    /// One table's prepared INSERT. The generating thread adds values left to right and
    /// <see cref="Run"/> ends the row; the SQLite thread later binds them by position and steps.
    /// </summary>
    private sealed class Insert : IDisposable
    {
        private readonly SqliteBulkWriter _writer;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly int _columns;
        private int _added;

        public Insert(SqliteBulkWriter writer, sqlite3 db, string table, string[] columns)
            : this(writer, db, columns.Length,
                $"INSERT INTO \"{table}\" (\"{string.Join("\", \"", columns)}\") VALUES ({string.Join(", ", columns.Select(_ => "?"))});")
        {
        }

        /// <summary>Any statement with <paramref name="columns"/> positional parameters.</summary>
        public Insert(SqliteBulkWriter writer, sqlite3 db, int columns, string sql)
        {
            _writer = writer;
            _db = db;
            _columns = columns;
            Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
        }

        public Insert Int(long value) => Add(new Value(value, null, false));

        public Insert Bool(bool value) => Int(value ? 1 : 0);

        public Insert Text(string? value) =>
            Add(value is null ? new Value(0, null, true) : new Value(0, Encoding.UTF8.GetBytes(value), false));

        public Insert Instant(DateTimeOffset? value) =>
            Text(value?.UtcDateTime.ToString(SqliteStatements.InstantFormat, CultureInfo.InvariantCulture));

        public Insert Null() => Text(null);

        public void Run()
        {
            if (_added != _columns)
            {
                throw new InvalidOperationException($"{_added} values given for {_columns} columns.");
            }

            _added = 0;
            _writer.EndRow(this);
        }

        /// <summary>On the SQLite thread: binds one row's values and inserts it.</summary>
        public void Write(List<Value> values, int offset)
        {
            for (var i = 0; i < _columns; i++)
            {
                var value = values[offset + i];
                Check(value.IsNull ? raw.sqlite3_bind_null(_statement, i + 1)
                    : value.Text is { } text ? raw.sqlite3_bind_text(_statement, i + 1, text.AsSpan())
                    : raw.sqlite3_bind_int64(_statement, i + 1, value.Int));
            }

            var rc = raw.sqlite3_step(_statement);
            try
            {
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, _db);
                }
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        public int Columns => _columns;

        public void Dispose() => _statement.Dispose();

        private Insert Add(Value value)
        {
            _added++;
            _writer._batch.Values.Add(value);
            return this;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }
}

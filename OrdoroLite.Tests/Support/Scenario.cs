using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Tracking;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// A small warehouse world for rule tests: warehouses, products with stock, and helpers that
/// place orders and run the real use-case services over the test database.
/// </summary>
public sealed class Scenario(TestDatabase database)
{
    public static readonly Actor Alice = new("user-alice", "Alice Staff");
    public static readonly Actor Bob = new("user-bob", "Bob Staff");

    private readonly Dictionary<(int ProductId, int WarehouseId), int> _initialStock = [];
    private SandboxCarrier? _carrier;

    public TestDatabase Database { get; } = database;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 15, 30, 0, TimeSpan.Zero));

    /// <summary>The carrier rules the use cases apply: the default profiles unless a test sets others.</summary>
    public CarrierRules Carriers { get; set; } = CarrierRules.Default;

    /// <summary>The carrier that sells labels (USPS-like unless a test changes its options).</summary>
    public SandboxCarrier Carrier => _carrier ??= new SandboxCarrier(new SandboxCarrierOptions(), Clock, Carriers);

    public CancelOrders Cancel => new(Database, Clock, Carriers);

    public RestoreOrders Restore => new(Database, Clock);

    public DeleteLabels DeleteLabels => new(Database, Clock, Carriers);

    public CreateLabels CreateLabels => new(Database, Carrier, Clock);

    public AddComment AddComment => new(Database, Clock);

    /// <summary>Tracking updates: the carriers' scans, recorded on the labels.</summary>
    public RecordScans RecordScans => new(Database, Clock);

    /// <summary>Places an order and buys its label from <paramref name="carrier"/> now: Shipped with an Active label.</summary>
    public async Task<int> PlaceShippedOrderWithLabelAsync(string carrier, int warehouseId, params (Product Product, int Quantity)[] lines)
    {
        var previous = Carrier.Options.LabelCarrier;
        Carrier.Options.LabelCarrier = carrier;
        try
        {
            return await PlaceShippedOrderWithLabelAsync(warehouseId, lines);
        }
        finally
        {
            Carrier.Options.LabelCarrier = previous;
        }
    }

    /// <summary>A tracking update: the carrier scanned the order's (latest) label now.</summary>
    public async Task ScanLabelAsync(int orderNumber)
    {
        var label = (await OrderAsync(orderNumber)).Labels.OrderBy(l => l.Id).Last();
        (await RecordScans.RunAsync([new TrackingScan(label.Carrier, label.TrackingNumber, Clock.GetUtcNow())])).Recorded.Should().Be(1);
    }

    public async Task<int> AddWarehouseAsync(string name)
    {
        await using var db = Database.CreateDbContext();
        var warehouse = new Warehouse(name);
        db.Warehouses.Add(warehouse);
        await db.SaveChangesAsync();
        return warehouse.Id;
    }

    /// <summary>Adds a product with the given Physical On Hand at each listed warehouse.</summary>
    public async Task<Product> AddProductAsync(string sku, bool dropshipped = false, params (int WarehouseId, int OnHand)[] stock)
    {
        await using var db = Database.CreateDbContext();
        var product = new Product(sku, $"Product {sku}", dropshipped);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        foreach (var (warehouseId, onHand) in stock)
        {
            db.Inventory.Add(new InventoryLevel(product.Id, warehouseId, onHand));
            _initialStock[(product.Id, warehouseId)] = onHand;
        }

        await db.SaveChangesAsync();
        return product;
    }

    /// <summary>Places an order the way an import does: Awaiting Fulfillment (or Dropshipment Requested), stock committed.</summary>
    public Task<int> PlaceOrderAsync(int warehouseId, params (Product Product, int Quantity)[] lines) =>
        PlaceOrderAsync(warehouseId, Clock.GetUtcNow().AddDays(-1), "Shopify", lines);

    /// <summary>Places an order with a given order date and sales channel (reports count by order date).</summary>
    public Task<int> PlaceOrderAsync(int warehouseId, DateTimeOffset orderDate, string channel,
        params (Product Product, int Quantity)[] lines) =>
        OrdoroStore.WriteAsync(Database, async (db, ct) =>
        {
            var levels = await db.Inventory.AsNoTracking().Where(l => l.WarehouseId == warehouseId).ToListAsync(ct);
            var book = new InventoryBook(levels);
            var channelOrderId = Guid.NewGuid().ToString("N")[..12];
            var order = Order.Import(
                new NewOrder(channel, channelOrderId, orderDate, "Casey Customer",
                    "casey@example.com", new Address("1 Main St", "Springfield", "IL", "62701", "US"), warehouseId,
                    lines.Select(l => new NewOrderLine(l.Product, l.Quantity, 1_999)).ToList()),
                Actor.System("test import"), Clock.GetUtcNow(), book, "test.csv");
            await OrdoroStore.SaveAsync(db, [order], book, ct);
            return order.Number;
        }, default);

    /// <summary>Places an order and buys its label through the real service: Shipped with an Active label.</summary>
    public async Task<int> PlaceShippedOrderWithLabelAsync(int warehouseId, params (Product Product, int Quantity)[] lines)
    {
        var number = await PlaceOrderAsync(warehouseId, lines);
        var outcome = await CreateLabels.RunAsync([number], null, Alice);
        outcome.DoneCount.Should().Be(1, "the arrangement needs a label on order {0}", number);
        return number;
    }

    /// <summary>
    /// Places an order and ships it with tracking typed in by hand (no label), through
    /// <see cref="Order.ShipByHand"/>: units leave the shelf and the commitment.
    /// </summary>
    public async Task<int> PlaceOrderShippedByHandAsync(int warehouseId, string trackingNumber, params (Product Product, int Quantity)[] lines)
    {
        var number = await PlaceOrderAsync(warehouseId, lines);
        await OrdoroStore.WriteAsync(Database, async (db, ct) =>
        {
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number, ct);
            var book = new InventoryBook(await db.Inventory.AsNoTracking().Where(l => l.WarehouseId == warehouseId).ToListAsync(ct));
            order.ShipByHand(trackingNumber, Alice, Clock.GetUtcNow(), book);
            await OrdoroStore.SaveAsync(db, [order], book, ct);
            return number;
        }, default);
        return number;
    }

    public Task<BulkOutcome> CancelAsync(IReadOnlyCollection<int> numbers, bool deleteLabels, Actor? by = null,
        CancelReason? reason = null, string? comment = null, bool alsoOnChannel = false, bool notifyCustomer = false) =>
        Cancel.RunAsync(new CancelOrdersRequest(numbers, reason, comment, deleteLabels, alsoOnChannel, notifyCustomer), by ?? Alice);

    /// <summary>
    /// The sales channel cancels these orders: an order file (docs/import.md) with one "cancelled"
    /// row per line of each order, as the channel exports them, imported by the scheduled job.
    /// </summary>
    public async Task<ImportSummary> CancelOnChannelAsync(IReadOnlyCollection<int> numbers, string fileName = "channel-cancellations.csv")
    {
        var csv = new StringBuilder(
            "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price,status\n");
        await using (var db = Database.CreateDbContext())
        {
            var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name);
            var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => numbers.Contains(o.Number)).ToListAsync();
            foreach (var order in orders)
            {
                foreach (var line in order.Lines)
                {
                    string[] fields =
                    [
                        order.Channel, order.ChannelOrderId, order.OrderDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
                        order.CustomerName, order.CustomerEmail, order.ShipTo.Street, order.ShipTo.City, order.ShipTo.Region, order.ShipTo.PostalCode,
                        order.ShipTo.Country, warehouses[order.WarehouseId], line.Sku, line.Quantity.ToString(CultureInfo.InvariantCulture),
                        (line.UnitPriceCents / 100m).ToString("0.00", CultureInfo.InvariantCulture), "cancelled",
                    ];
                    csv.Append(string.Join(",", fields.Select(f => $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))).Append('\n');
                }
            }
        }

        return await new ImportOrders(Database, Clock).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), fileName, ScheduledImport);
    }

    /// <summary>The command line's scheduled import (App/Hosting/ImportCommand), which channel files come through.</summary>
    public static readonly Actor ScheduledImport = Actor.System("Scheduled import");

    /// <summary>The stock of one product at one warehouse; zero when no level row exists yet.</summary>
    public async Task<InventoryLevel> LevelAsync(Product product, int warehouseId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Inventory.AsNoTracking().SingleOrDefaultAsync(l => l.ProductId == product.Id && l.WarehouseId == warehouseId)
            ?? new InventoryLevel(product.Id, warehouseId);
    }

    /// <summary>An order with its lines, labels (and refunds), channel cancellations and its timeline in the order it was written.</summary>
    public async Task<Order> OrderAsync(int number)
    {
        await using var db = Database.CreateDbContext();
        return await db.Orders.AsNoTracking()
            .Include(o => o.Lines)
            .Include(o => o.Labels).ThenInclude(l => l.Refund)
            .Include(o => o.ChannelCancellations)
            .Include(o => o.Events.OrderBy(e => e.Id))
            .AsSplitQuery()
            .SingleAsync(o => o.Number == number);
    }

    /// <summary>Everything a use case could change, to assert that something changed nothing.</summary>
    public async Task<DatabaseState> SnapshotAsync()
    {
        await using var db = Database.CreateDbContext();
        return new DatabaseState(
            await db.Orders.AsNoTracking().OrderBy(o => o.Number)
                .Select(o => new OrderRow(o.Number, o.Status, o.Version, o.Cancellation, o.HandTrackingNumber))
                .ToListAsync(),
            await db.Inventory.AsNoTracking().OrderBy(l => l.ProductId).ThenBy(l => l.WarehouseId)
                .Select(l => new LevelRow(l.ProductId, l.WarehouseId, l.PhysicalOnHand, l.Committed))
                .ToListAsync(),
            await db.OrderEvents.AsNoTracking().OrderBy(e => e.Id)
                .Select(e => new EventRow(e.Id, e.OrderNumber, e.Type, e.At, e.Comment))
                .ToListAsync(),
            await db.Labels.AsNoTracking().OrderBy(l => l.Id)
                .Select(l => new LabelRow(l.Id, l.OrderNumber, l.State, l.TrackingNumber))
                .ToListAsync(),
            await db.RefundRequests.CountAsync());
    }

    /// <summary>
    /// Stock per SKU and warehouse three ways: as stored; recomputed from the orders (Committed =
    /// units of open orders at their ship-from warehouse, POH = initial stock − units of orders
    /// holding an Active label); and initial stock + every inventory change on the timelines.
    /// Valid for worlds where orders ship only through labels.
    /// </summary>
    public async Task<InventoryAudit> AuditInventoryAsync()
    {
        await using var db = Database.CreateDbContext();
        var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku);
        var stored = new Dictionary<string, Stock>();
        var fromOrders = new Dictionary<string, Stock>();
        var fromEvents = new Dictionary<string, Stock>();
        void Add(Dictionary<string, Stock> into, string sku, int warehouseId, int poh, int committed)
        {
            var key = $"{sku}@{warehouseId}";
            var now = into.GetValueOrDefault(key) ?? new Stock(0, 0);
            into[key] = new Stock(now.PhysicalOnHand + poh, now.Committed + committed);
        }

        foreach (var level in await db.Inventory.AsNoTracking().ToListAsync())
        {
            Add(stored, skus[level.ProductId], level.WarehouseId, level.PhysicalOnHand, level.Committed);
        }

        foreach (var ((productId, warehouseId), onHand) in _initialStock)
        {
            Add(fromOrders, skus[productId], warehouseId, onHand, 0);
            Add(fromEvents, skus[productId], warehouseId, onHand, 0);
        }

        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Labels).AsSplitQuery().ToListAsync();
        foreach (var order in orders)
        {
            var committed = order.Status.IsOpen() ? 1 : 0;
            var shipped = order.Labels.Any(l => l.IsActive) ? 1 : 0;
            foreach (var line in order.Lines)
            {
                Add(fromOrders, line.Sku, order.WarehouseId, -shipped * line.Quantity, committed * line.Quantity);
            }
        }

        foreach (var change in (await db.OrderEvents.AsNoTracking().ToListAsync()).SelectMany(e => e.InventoryChanges))
        {
            Add(fromEvents, change.Sku, change.WarehouseId, change.PhysicalOnHandDelta, change.CommittedDelta);
        }

        return new InventoryAudit(WithAllKeys(stored), WithAllKeys(fromOrders), WithAllKeys(fromEvents));

        SortedDictionary<string, Stock> WithAllKeys(Dictionary<string, Stock> part) => new(
            stored.Keys.Concat(fromOrders.Keys).Concat(fromEvents.Keys).Distinct()
                .ToDictionary(k => k, k => part.GetValueOrDefault(k) ?? new Stock(0, 0)));
    }
}

/// <summary>A class, not a record, so that FluentAssertions compares it member by member.</summary>
public sealed class DatabaseState(
    IReadOnlyList<OrderRow> orders,
    IReadOnlyList<LevelRow> inventory,
    IReadOnlyList<EventRow> events,
    IReadOnlyList<LabelRow> labels,
    int refundRequests)
{
    public IReadOnlyList<OrderRow> Orders { get; } = orders;

    public IReadOnlyList<LevelRow> Inventory { get; } = inventory;

    public IReadOnlyList<EventRow> Events { get; } = events;

    public IReadOnlyList<LabelRow> Labels { get; } = labels;

    public int RefundRequests { get; } = refundRequests;
}

public sealed record OrderRow(
    int Number,
    OrderStatus Status,
    int Version,
    Cancellation? Cancellation,
    string? HandTrackingNumber);

public sealed record LevelRow(int ProductId, int WarehouseId, int PhysicalOnHand, int Committed);

public sealed record EventRow(long Id, int OrderNumber, OrderEventType Type, DateTimeOffset At, string? Comment);

public sealed record LabelRow(int Id, int OrderNumber, LabelState State, string TrackingNumber);

public sealed record Stock(int PhysicalOnHand, int Committed);

/// <summary>Keyed "SKU@warehouseId"; every key appears in all three.</summary>
public sealed class InventoryAudit(
    IReadOnlyDictionary<string, Stock> stored,
    IReadOnlyDictionary<string, Stock> fromOrders,
    IReadOnlyDictionary<string, Stock> fromEvents)
{
    public IReadOnlyDictionary<string, Stock> Stored { get; } = stored;

    public IReadOnlyDictionary<string, Stock> FromOrders { get; } = fromOrders;

    public IReadOnlyDictionary<string, Stock> FromEvents { get; } = fromEvents;

    public void ShouldBalance()
    {
        Stored.Should().Equal(FromOrders, "stored stock must equal a recomputation from the orders");
        Stored.Should().Equal(FromEvents, "stored stock must equal initial stock plus every timeline change");
    }
}

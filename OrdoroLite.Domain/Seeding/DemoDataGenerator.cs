using System.Globalization;
using Bogus;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Seeding;

/// <summary>How much demo data to make.</summary>
public sealed record SeedSize(int Orders, int Products)
{
    /// <summary>What a new database gets on first run.</summary>
    public static SeedSize Demo { get; } = new(2_000, 150);

    /// <summary>About one product per 200 orders, between 150 and 5,000 (1,000,000 orders → 5,000 products).</summary>
    public static SeedSize ForOrders(int orders) => new(orders, Math.Clamp(orders / 200, 150, 5_000));
}

/// <summary>What a seed wrote.</summary>
public sealed record SeedSummary(
    int Warehouses,
    int Products,
    int Orders,
    int Lines,
    int Labels,
    int Refunds,
    long Events,
    IReadOnlyDictionary<OrderStatus, int> OrdersByStatus);

/// <summary>
/// Makes the demo world: warehouses, products, orders over the last 120 days in every status,
/// their labels, refund requests and timelines, and inventory levels that agree with them.
/// Deterministic: the same seed, size and "now" give the same rows. It knows nothing of the
/// database; an <see cref="ISeedSink"/> writes the rows. Each order's story follows the rules of
/// <see cref="Order"/> (import commits, a label or a hand shipment takes the units off the shelf,
/// a cancel releases or returns them), so the timeline's inventory changes add up to the levels.
/// </summary>
public sealed class DemoDataGenerator(int seed = DemoDataGenerator.DefaultSeed)
{
    public const int DefaultSeed = 20_261_126;
    public const int Days = 120;
    public const string ImportDetail = "demo data";

    /// <summary>The timeline's author of imports: a job, not a person.</summary>
    public static readonly Actor Importer = Actor.System("Channel import");

    private static readonly (string Name, int Weight)[] Channels =
        [("Shopify", 35), ("Amazon", 30), ("eBay", 15), ("Etsy", 10), ("Walmart", 10)];

    private static readonly string[] WarehouseNames =
        ["East Coast DC (Newark)", "West Coast DC (Reno)", "Central DC (Dallas)"];

    private static readonly int[] WarehouseWeights = [45, 35, 20];

    private static readonly (string Carrier, string Service, long BaseCents, int Weight)[] Services =
    [
        ("USPS", "Ground Advantage", 450, 40), ("USPS", "Priority Mail", 895, 15),
        ("UPS", "Ground", 1_050, 20), ("UPS", "2nd Day Air", 2_150, 8),
        ("FedEx", "Home Delivery", 995, 12), ("FedEx", "2Day", 1_995, 5),
    ];

    private static readonly (CancelReason? Reason, int Weight, string[] Comments)[] Reasons =
    [
        (CancelReason.CustomerRequest, 34, ["Customer emailed asking to cancel.", "Customer changed their mind.", "Ordered the wrong size; will reorder."]),
        (CancelReason.OutOfStock, 18, ["Supplier backordered until next month.", "Last units were damaged on the shelf."]),
        (CancelReason.SuspectedFraud, 7, ["Billing and shipping addresses do not match; flagged by the payment processor."]),
        (CancelReason.DuplicateOrder, 10, ["Customer placed the same order twice."]),
        (CancelReason.AddressProblem, 9, ["Address could not be verified and the customer did not reply."]),
        (CancelReason.ShippingDelay, 9, ["Customer cancelled after the carrier's delay."]),
        (CancelReason.Other, 5, ["Cancelled at the sales channel's request."]),
        (null, 8, ["Cancelled during the weekly clean-up."]),
    ];

    private static readonly int[] ChannelWeights = Channels.Select(c => c.Weight).ToArray();
    private static readonly int[] ServiceWeights = Services.Select(c => c.Weight).ToArray();
    private static readonly int[] ReasonWeights = Reasons.Select(c => c.Weight).ToArray();

    private static readonly string[] Notes =
    [
        "Customer asked for gift wrapping.", "Called the customer to confirm the apartment number.",
        "Fragile: packed with extra padding.", "Customer asked whether it can ship before Friday.",
    ];

    private static readonly string[] EmailDomains = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "proton.me"];

    private static readonly string[] SkuPrefixes = ["TEE", "MUG", "CAP", "BAG", "SCK", "HDY", "BTL", "PST", "NTB", "CND"];

    private readonly Random _random = new(seed);
    private readonly int _seed = seed;

    public SeedSummary Generate(ISeedSink sink, DateTimeOffset now, SeedSize size, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size.Orders, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size.Products, 10);
        now = now.ToUniversalTime();

        for (var w = 0; w < WarehouseNames.Length; w++)
        {
            sink.Warehouse(w + 1, WarehouseNames[w]);
        }

        var faker = new Faker("en") { Random = new Randomizer(_seed) };
        var products = MakeProducts(sink, faker, size.Products);
        var people = new People(faker, _random);
        var stocked = products.Where(p => !p.IsDropshipped).ToArray();
        var dropshipped = products.Where(p => p.IsDropshipped).ToArray();
        var committed = new int[(products.Length + 1) * WarehouseNames.Length];
        var counts = new Counts();
        var start = now.AddDays(-Days);
        var span = (now - start).Ticks;

        for (var i = 0; i < size.Orders; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // Numbers follow order dates, as imports allocate them.
            var orderDate = WholeSeconds(start.AddTicks((long)((i + _random.NextDouble()) / size.Orders * span)));
            var isDropship = _random.NextDouble() < 0.10;
            MakeOrder(sink, i + 1, orderDate, now, isDropship ? dropshipped : stocked, isDropship, people, committed, counts);
        }

        for (var p = 1; p <= products.Length; p++)
        {
            for (var w = 1; w <= WarehouseNames.Length; w++)
            {
                var held = committed[Slot(p, w)];
                // Most shelves hold more than is promised; a few SKUs are oversold, so the
                // grid's red "Available < 0" can be seen.
                var onHand = held > 0 && _random.NextDouble() < 0.04
                    ? _random.Next(0, held)
                    : held + _random.Next(0, 140);
                sink.Inventory(p, w, onHand, held);
            }
        }

        return new SeedSummary(WarehouseNames.Length, products.Length, size.Orders, counts.Lines, counts.Labels,
            counts.Refunds, counts.Events, counts.ByStatus.ToDictionary());
    }

    private void MakeOrder(ISeedSink sink, int number, DateTimeOffset orderDate, DateTimeOffset now,
        SeedProduct[] catalog, bool isDropship, People people, int[] committed, Counts counts)
    {
        var warehouseId = PickWeighted(WarehouseWeights) + 1;
        var channel = Channels[PickWeighted(ChannelWeights)].Name;
        var lines = PickLines(catalog);
        var itemCount = lines.Sum(l => l.Quantity);
        var totalCents = lines.Sum(l => l.Quantity * l.Product.PriceCents);
        var ageDays = (now - orderDate).TotalDays;

        // The order's story, decided up front.
        var cancelledEarly = _random.NextDouble() < 0.08;
        // Dropship suppliers are slower than our own shelves.
        var shipped = !cancelledEarly && _random.NextDouble() < (isDropship ? 0.85 * ShipChance(ageDays - 4) : ShipChance(ageDays));
        var withLabel = shipped && !isDropship && _random.NextDouble() < 0.8;
        var cancelledLate = shipped && _random.NextDouble() < 0.05;
        var labelDeleted = cancelledLate && withLabel && _random.NextDouble() < 0.55;
        var hasNote = _random.NextDouble() < 0.04;

        var events = new List<(OrderEventType Type, Actor Actor, DateTimeOffset At, CancelReason? Reason, string? Comment, string? Detail, IReadOnlyList<InventoryChange> Changes)>(5);
        var at = Later(orderDate, now, 2, 30);
        events.Add((OrderEventType.Imported, Importer, at, null, null, ImportDetail, Move(lines, warehouseId, 0, +1, committed)));
        if (hasNote)
        {
            at = Later(at, now, 10, 240);
            events.Add((OrderEventType.Commented, people.Staff(), at, null, Notes[_random.Next(Notes.Length)], null, []));
        }

        var status = isDropship ? OrderStatus.DropshipmentRequested : OrderStatus.AwaitingFulfillment;
        SeedLabel? label = null;
        string? handTracking = null;
        if (shipped)
        {
            at = Later(at, now, 60, 72 * 60);
            var by = people.Staff();
            var shelfChanges = Move(lines, warehouseId, -1, -1, committed);
            if (withLabel)
            {
                var (carrier, service, baseCents, _) = Services[PickWeighted(ServiceWeights)];
                var tracking = Tracking(carrier, number);
                label = new SeedLabel(++counts.Labels, number, carrier, service, tracking,
                    baseCents + (itemCount * 85) + _random.Next(0, 200), at, LabelState.Active, null);
                events.Add((OrderEventType.LabelCreated, by, at, null, null, $"{carrier} {service}, tracking {tracking}", shelfChanges));
            }
            else
            {
                // Shipped without a label: tracking typed in by hand (a dropship supplier's, or a
                // label bought elsewhere). No event type exists for it, so the timeline shows a
                // comment carrying the shelf change.
                handTracking = isDropship ? $"SUP-{number:D9}" : $"1Z999AA1{number:D10}";
                events.Add((OrderEventType.Commented, by, at, null, $"Shipped by hand, tracking {handTracking}", null, shelfChanges));
            }

            status = OrderStatus.Shipped;
        }

        OrderStatus? before = null;
        DateTimeOffset? cancelledAt = null;
        Actor? cancelledBy = null;
        CancelReason? reason = null;
        string? comment = null;
        int refundId = 0;
        string? refundKey = null;
        if (cancelledEarly || cancelledLate)
        {
            at = Later(at, now, 30, 5 * 24 * 60);
            before = status;
            cancelledAt = at;
            cancelledBy = people.Staff();
            var (r, _, comments) = Reasons[PickWeighted(ReasonWeights)];
            reason = r;
            comment = _random.NextDouble() < 0.25 ? null : comments[_random.Next(comments.Length)];
            IReadOnlyList<InventoryChange> changes = status.IsOpen() ? Move(lines, warehouseId, 0, -1, committed)
                : labelDeleted ? Move(lines, warehouseId, +1, 0, committed)
                : [];
            events.Add((OrderEventType.Cancelled, cancelledBy, at, reason, comment, null, changes));
            if (labelDeleted)
            {
                label = label! with { State = LabelState.Deleted, DeletedAt = at };
                refundId = ++counts.Refunds;
                refundKey = Key();
                events.Add((OrderEventType.LabelDeleted, cancelledBy, at, null, null, $"{label.Carrier} tracking {label.TrackingNumber}", []));
                events.Add((OrderEventType.RefundRequested, cancelledBy, at, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"{label.CostCents / 100m:0.00} requested from {label.Carrier}"), []));
            }

            status = OrderStatus.Cancelled;
        }

        var (customer, email, address) = people.Customer();
        sink.Order(new SeedOrder(number, channel, ChannelOrderId(channel, number), orderDate, customer, email, address,
            warehouseId, status, handTracking, itemCount, totalCents, before, labelDeleted, cancelledAt, cancelledBy,
            reason, comment));
        foreach (var line in lines)
        {
            sink.Line(++counts.Lines, number, line.Product.Id, line.Product.Sku, line.Quantity, line.Product.PriceCents);
        }

        if (label is not null)
        {
            sink.Label(label);
            if (refundKey is not null)
            {
                sink.Refund(refundId, label.Id, number, label.Carrier, label.CostCents, refundKey, label.DeletedAt!.Value);
            }
        }

        foreach (var e in events)
        {
            sink.Event(++counts.Events, number, e.Type, e.Actor, e.At, e.Reason, e.Comment, e.Detail, e.Changes);
        }

        counts.ByStatus[status] = counts.ByStatus.GetValueOrDefault(status) + 1;
    }

    private SeedProduct[] MakeProducts(ISeedSink sink, Faker faker, int count)
    {
        var products = new SeedProduct[count];
        for (var i = 0; i < count; i++)
        {
            var id = i + 1;
            var sku = $"{SkuPrefixes[i % SkuPrefixes.Length]}-{id:D5}";
            // Every eighth product is dropshipped, so even the smallest catalog has some.
            var isDropshipped = i % 8 == 5;
            var name = faker.Commerce.ProductName();
            products[i] = new SeedProduct(id, sku, isDropshipped, (_random.Next(4, 150) * 100) + 99);
            sink.Product(id, sku, name, isDropshipped);
        }

        return products;
    }

    private List<(SeedProduct Product, int Quantity)> PickLines(SeedProduct[] catalog)
    {
        var roll = _random.NextDouble();
        var count = roll < 0.6 ? 1 : roll < 0.88 ? 2 : 3;
        var lines = new List<(SeedProduct, int)>(count);
        while (lines.Count < count)
        {
            var product = catalog[_random.Next(catalog.Length)];
            if (lines.Exists(l => l.Item1.Id == product.Id))
            {
                continue;
            }

            var q = _random.NextDouble();
            lines.Add((product, q < 0.7 ? 1 : q < 0.9 ? 2 : _random.Next(3, 6)));
        }

        return lines;
    }

    /// <summary>What one event does to the shelf, kept as a running total of Committed per level.</summary>
    private static List<InventoryChange> Move(List<(SeedProduct Product, int Quantity)> lines, int warehouseId,
        int pohSign, int committedSign, int[] committed)
    {
        var changes = new List<InventoryChange>(lines.Count);
        foreach (var (product, quantity) in lines)
        {
            changes.Add(new InventoryChange(product.Sku, warehouseId, pohSign * quantity, committedSign * quantity));
            committed[Slot(product.Id, warehouseId)] += committedSign * quantity;
        }

        return changes;
    }

    /// <summary>Older orders are more likely gone; a few old ones wait on backorders.</summary>
    private static double ShipChance(double ageDays) => ageDays switch
    {
        < 1 => 0.10,
        < 2 => 0.35,
        < 4 => 0.65,
        < 7 => 0.85,
        _ => 0.93,
    };

    private DateTimeOffset Later(DateTimeOffset after, DateTimeOffset now, int minMinutes, int maxMinutes)
    {
        var next = WholeSeconds(after.AddSeconds(_random.Next(minMinutes * 60, maxMinutes * 60)));
        return next < now ? next : (after > now ? after : now);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

    private string Tracking(string carrier, int number) => carrier switch
    {
        "USPS" => $"9400{number:D14}{_random.Next(1000, 10_000)}",
        "UPS" => $"1Z4V83E1{number:D10}",
        _ => $"77{number:D10}",
    };

    private string ChannelOrderId(string channel, int number) => channel switch
    {
        "Amazon" => $"11{_random.Next(1, 10)}-{number:D7}-{_random.Next(1_000_000, 10_000_000)}",
        "eBay" => $"{_random.Next(10, 28)}-{number:D7}-{_random.Next(10_000, 100_000)}",
        "Etsy" => $"{3_100_000_000L + number}",
        "Walmart" => $"{108_000_000_000_000L + ((long)number * 37)}",
        _ => $"#{1_000 + number}",
    };

    /// <summary>A refund's idempotency key, from the seeded random so reseeding gives the same rows.</summary>
    private string Key()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private int PickWeighted(int[] list)
    {
        var roll = _random.Next(list.Sum());
        for (var i = 0; i < list.Length; i++)
        {
            roll -= list[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return list.Length - 1;
    }

    private static int Slot(int productId, int warehouseId) => (productId * 3) + warehouseId - 1;

    private sealed record SeedProduct(int Id, string Sku, bool IsDropshipped, long PriceCents);

    private sealed class Counts
    {
        public int Lines;
        public int Labels;
        public int Refunds;
        public long Events;
        public readonly Dictionary<OrderStatus, int> ByStatus = [];
    }

    /// <summary>Customers and staff drawn from pools Bogus fills once, so a million orders stay fast.</summary>
    private sealed class People
    {
        private readonly Random _random;
        private readonly string[] _firstNames;
        private readonly string[] _lastNames;
        private readonly string[] _firstLocals;
        private readonly string[] _lastLocals;
        private readonly Address[] _addresses;

        public People(Faker faker, Random random)
        {
            _random = random;
            _firstNames = Enumerable.Range(0, 400).Select(_ => faker.Name.FirstName()).ToArray();
            _lastNames = Enumerable.Range(0, 400).Select(_ => faker.Name.LastName()).ToArray();
            _firstLocals = _firstNames.Select(Local).ToArray();
            _lastLocals = _lastNames.Select(Local).ToArray();
            _addresses = Enumerable.Range(0, 2_000)
                .Select(_ => new Address(faker.Address.StreetAddress(), faker.Address.City(),
                    faker.Address.StateAbbr(), faker.Address.ZipCode("#####"), "US"))
                .ToArray();
        }

        public (string Name, string Email, Address Address) Customer()
        {
            var first = _random.Next(_firstNames.Length);
            var last = _random.Next(_lastNames.Length);
            var email = $"{_firstLocals[first]}.{_lastLocals[last]}{_random.Next(1, 1_000)}@{EmailDomains[_random.Next(EmailDomains.Length)]}";
            return ($"{_firstNames[first]} {_lastNames[last]}", email, _addresses[_random.Next(_addresses.Length)]);
        }

        public Actor Staff() => DemoStaff.Everyone[_random.Next(DemoStaff.Everyone.Count)].AsActor();

        private static string Local(string name) =>
            new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
    }
}

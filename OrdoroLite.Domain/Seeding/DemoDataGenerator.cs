using System.Globalization;
using Bogus;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Labels.Tracking;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Seeding;

/// <summary>How much demo data to make.</summary>
public sealed record SeedSize(int Orders, int Products)
{
    /// <summary>What a new database gets on first run.</summary>
    public static SeedSize Demo { get; } = new(2_000, 150);

    /// <summary>About one product per 200 orders, between 150 and 5,000 (1,000,000 orders → 5,000 products).</summary>
    public static SeedSize ForOrders(int orders) => new(orders, Math.Clamp(orders / 200, 150, 5_000));
}

/// <summary>What a seed wrote, counted while the generator made it.</summary>
public sealed class SeedCounts
{
    public int Lines { get; internal set; }

    public int Labels { get; internal set; }

    public int Refunds { get; internal set; }

    public long Events { get; internal set; }

    public Dictionary<OrderStatus, int> ByStatus { get; } = [];
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
/// their labels, refund requests and timelines, and stock that agrees with them. Deterministic:
/// the same seed, size and "now" give the same world (refund idempotency keys aside: they are
/// random by design). It knows nothing of the database, and every order's story is told by the
/// domain itself — <see cref="Order.Import"/>, <see cref="Order.CreateLabel"/>,
/// <see cref="Order.ShipByHand"/>, <see cref="Order.Cancel"/> on an <see cref="InventoryBook"/> —
/// so the seed holds no copy of any rule (DemoOrders writes what those calls state). Labels follow
/// their carriers' rules (<see cref="CarrierRules"/>): most are scanned a few hours after they are
/// bought (<see cref="Order.RecordLabelScan"/>), a deleted one's refund is refused at once when the
/// rules say so, and refunds whose carrier would have answered by now are answered
/// (<see cref="Order.RecordRefundAnswer"/>) — approved by the date the carrier's clock gives.
/// </summary>
/// <param name="carriers">The carrier rules; null: the default profiles.</param>
public sealed class DemoDataGenerator(int seed = DemoDataGenerator.DefaultSeed, CarrierRules? carriers = null)
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
        ("DHL", "Express Worldwide", 2_450, 4),
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
    private readonly CarrierRules _carriers = carriers ?? CarrierRules.Default;
    private Faker? _faker;
    private long[] _prices = [];

    private Faker Faker => _faker ??= new Faker("en") { Random = new Randomizer(_seed) };

    /// <summary>The demo warehouses, not stored yet.</summary>
    public IReadOnlyList<Warehouse> Warehouses() => WarehouseNames.Select(name => new Warehouse(name)).ToList();

    /// <summary>The catalog, not stored yet; every eighth product is dropshipped, so even the smallest catalog has some.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 10 products (some must be dropshipped, most stocked).</exception>
    public IReadOnlyList<Product> Products(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 10);
        _prices = new long[count];
        var products = new List<Product>(count);
        for (var i = 0; i < count; i++)
        {
            var sku = $"{SkuPrefixes[i % SkuPrefixes.Length]}-{i + 1:D5}";
            var name = Faker.Commerce.ProductName();
            _prices[i] = (_random.Next(4, 150) * 100) + 99;
            products.Add(new Product(sku, name, isDropshipped: i % 8 == 5));
        }

        return products;
    }

    /// <summary>
    /// The orders over the <see cref="Days"/> before <paramref name="now"/>, in batches, each order's
    /// story told through its own rules on <paramref name="book"/>. Numbers follow order dates, as
    /// imports allocate them.
    /// </summary>
    /// <param name="warehouses">The stored warehouses (with ids).</param>
    /// <param name="products">The stored products of <see cref="Products"/>, in the same order.</param>
    public IEnumerable<IReadOnlyList<Order>> Orders(IReadOnlyList<Warehouse> warehouses, IReadOnlyList<Product> products,
        DateTimeOffset now, int count, InventoryBook book, int batchSize, SeedCounts counts, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        now = now.ToUniversalTime();
        var catalog = products.Select((p, i) => new SeedProduct(p, _prices[i])).ToArray();
        var stocked = catalog.Where(p => !p.Product.IsDropshipped).ToArray();
        var dropshipped = catalog.Where(p => p.Product.IsDropshipped).ToArray();
        var people = new People(Faker, _random);
        var start = now.AddDays(-Days);
        var span = (now - start).Ticks;

        var batch = new List<Order>(batchSize);
        for (var i = 0; i < count; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var orderDate = WholeSeconds(start.AddTicks((long)((i + _random.NextDouble()) / count * span)));
            var isDropship = _random.NextDouble() < 0.10;
            batch.Add(MakeOrder(i + 1, orderDate, now, isDropship ? dropshipped : stocked, isDropship, warehouses, people, book, counts));
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<Order>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Puts stock on the shelves after the orders: most shelves hold more than is promised; a few
    /// SKUs are oversold, so the grid's red "Available &lt; 0" can be seen.
    /// </summary>
    public void StockShelves(IReadOnlyList<Warehouse> warehouses, IReadOnlyList<Product> products, InventoryBook book)
    {
        foreach (var product in products)
        {
            foreach (var warehouse in warehouses)
            {
                var level = book.LevelOf(product.Id, warehouse.Id);
                var held = level.Committed;
                // Every product gets a shelf at every warehouse (at least one unit where nothing is promised).
                var onHand = held > 0 && _random.NextDouble() < 0.04
                    ? _random.Next(0, held)
                    : held + _random.Next(held > 0 ? 0 : 1, 140);
                book.Receive(product.Id, warehouse.Id, onHand - level.PhysicalOnHand);
            }
        }
    }

    private Order MakeOrder(int sequence, DateTimeOffset orderDate, DateTimeOffset now, SeedProduct[] catalog, bool isDropship,
        IReadOnlyList<Warehouse> warehouses, People people, InventoryBook book, SeedCounts counts)
    {
        var warehouseId = warehouses[PickWeighted(WarehouseWeights)].Id;
        var channel = Channels[PickWeighted(ChannelWeights)].Name;
        var lines = PickLines(catalog);
        var itemCount = lines.Sum(l => l.Quantity);
        var ageDays = (now - orderDate).TotalDays;

        // The order's story, decided up front.
        var cancelledEarly = _random.NextDouble() < 0.08;
        // Dropship suppliers are slower than our own shelves.
        var shipped = !cancelledEarly && _random.NextDouble() < (isDropship ? 0.85 * ShipChance(ageDays - 4) : ShipChance(ageDays));
        var withLabel = shipped && !isDropship && _random.NextDouble() < 0.8;
        var cancelledLate = shipped && _random.NextDouble() < 0.05;
        var labelDeleted = cancelledLate && withLabel && _random.NextDouble() < 0.55;
        var hasNote = _random.NextDouble() < 0.04;

        // A label's package: scanned by its carrier before a late cancel (then gone), or not (still on the dock).
        var scannedBeforeCancel = withLabel && cancelledLate && _random.NextDouble() < (labelDeleted ? 0.2 : 0.6);

        var (customer, email, address) = people.Customer();
        var at = Later(orderDate, now, 2, 30);
        var order = Order.Import(
            new NewOrder(channel, ChannelOrderId(channel, sequence), orderDate, customer, email, address, warehouseId,
                lines.Select(l => new NewOrderLine(l.Product.Product, l.Quantity, l.Product.PriceCents)).ToList()),
            Importer, at, book, ImportDetail);
        if (hasNote)
        {
            at = Later(at, now, 10, 240);
            order.AddComment(Notes[_random.Next(Notes.Length)], people.Staff(), at);
        }

        if (shipped)
        {
            at = Later(at, now, 60, 72 * 60);
            var by = people.Staff();
            if (withLabel)
            {
                var (carrier, service, baseCents, _) = Services[PickWeighted(ServiceWeights)];
                var quote = new LabelQuote(carrier, service, Tracking(carrier, sequence), baseCents + (itemCount * 85) + _random.Next(0, 200));
                order.CreateLabel(quote, null, by, at, book);
                counts.Labels++;
                if (!cancelledLate || scannedBeforeCancel)
                {
                    // Scanned a few hours after purchase; a label bought too recently is not scanned yet.
                    var scannedAt = WholeSeconds(at.AddSeconds(_random.Next(2 * 60 * 60, 30 * 60 * 60)));
                    if (scannedAt < now)
                    {
                        order.RecordLabelScan(quote.TrackingNumber, scannedAt, RecordScans.Tracking, scannedAt);
                        at = scannedAt;
                    }
                }
            }
            else
            {
                // Shipped without a label: tracking typed in by hand (a dropship supplier's, or a label bought elsewhere).
                order.ShipByHand(isDropship ? $"SUP-{sequence:D9}" : $"1Z999AA1{sequence:D10}", by, at, book);
            }
        }

        if (cancelledEarly || cancelledLate)
        {
            at = Later(at, now, 30, 5 * 24 * 60);
            var by = people.Staff();
            var (reason, _, comments) = Reasons[PickWeighted(ReasonWeights)];
            var comment = _random.NextDouble() < 0.25 ? null : comments[_random.Next(comments.Length)];
            order.Cancel(reason, comment, deleteLabel: labelDeleted, by, at, book, _carriers);
            counts.Refunds += labelDeleted ? 1 : 0;
            if (labelDeleted)
            {
                AnswerRefund(order, now);
            }
        }

        counts.Lines += order.Lines.Count;
        counts.Events += order.Events.Count;
        counts.ByStatus[order.Status] = counts.ByStatus.GetValueOrDefault(order.Status) + 1;
        return order;
    }

    /// <summary>
    /// A refund requested long enough ago has its carrier's answer: approved by the date the carrier's
    /// clock gives (a void within minutes; USPS after its hold, within its review). A newer one stays
    /// pending for the refund worker.
    /// </summary>
    private void AnswerRefund(Order order, DateTimeOffset now)
    {
        var refund = order.Labels.Single().Refund!;
        if (refund.IsFinished)
        {
            return;
        }

        var stage = _carriers.Stage(refund.Carrier, refund.State, refund.RequestedAt, null, null, now);
        var decidedAt = stage.DecisionBy is { } by
            ? WholeSeconds((stage.HeldUntil ?? refund.RequestedAt) + ((by - (stage.HeldUntil ?? refund.RequestedAt)) * _random.NextDouble()))
            : Later(refund.RequestedAt, now, 1, 10);
        if (decidedAt < now)
        {
            order.RecordRefundAnswer(refund, RefundDecision.Approved, RefundProcessor.Worker, decidedAt, TimeSpan.Zero);
        }
    }

    private List<(SeedProduct Product, int Quantity)> PickLines(SeedProduct[] catalog)
    {
        var roll = _random.NextDouble();
        // Never more distinct products than the catalog has (a 20-product catalog has 2 dropshipped ones).
        var count = Math.Min(roll < 0.6 ? 1 : roll < 0.88 ? 2 : 3, catalog.Length);
        var lines = new List<(SeedProduct, int)>(count);
        while (lines.Count < count)
        {
            var product = catalog[_random.Next(catalog.Length)];
            if (lines.Exists(l => l.Item1.Product.Id == product.Product.Id))
            {
                continue;
            }

            var q = _random.NextDouble();
            lines.Add((product, q < 0.7 ? 1 : q < 0.9 ? 2 : _random.Next(3, 6)));
        }

        return lines;
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

    /// <summary>
    /// A moment a few minutes to days after <paramref name="after"/>, never after <paramref name="now"/>: a step
    /// that would land in the future lands somewhere between the two instead, so recent orders' steps
    /// do not all share the seeding instant (the Cancelled tab sorts by that time).
    /// </summary>
    private DateTimeOffset Later(DateTimeOffset after, DateTimeOffset now, int minMinutes, int maxMinutes)
    {
        var next = WholeSeconds(after.AddSeconds(_random.Next(minMinutes * 60, maxMinutes * 60)));
        if (next < now)
        {
            return next;
        }

        return after >= now ? after : WholeSeconds(after + ((now - after) * _random.NextDouble()));
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

    private string Tracking(string carrier, int number) => carrier switch
    {
        "USPS" => $"9400{number:D14}{_random.Next(1000, 10_000)}",
        "UPS" => $"1Z4V83E1{number:D10}",
        "DHL" => $"JD01460000{number:D10}",
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

    private sealed record SeedProduct(Product Product, long PriceCents);

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

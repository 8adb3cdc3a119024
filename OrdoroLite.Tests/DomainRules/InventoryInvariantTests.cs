using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Products;
using OrdoroLite.Tests.Support;
using Xunit.Abstractions;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// Thousands of random actions through the real services, after which the stored stock must
/// equal both a recomputation from the orders and the sum of every change on the timelines.
/// </summary>
public abstract class InventoryInvariantTests(ITestOutputHelper output, Func<TestDatabase> create)
{
    private const int Seed = 20_261_126;
    // Service calls. Each import places 1 to 3 orders and each bulk call acts on 1 to 12 picked
    // orders: about 1,800 order actions and 190 imports in all. Few large calls keep the run short.
    private const int Operations = 400;

    [Fact]
    public async Task After_thousands_of_random_actions_stock_equals_a_recomputation_from_the_orders_and_from_the_timelines()
    {
        await using var database = create();
        var world = new Scenario(database);
        var random = new Random(Seed);
        var warehouses = new List<int>();
        foreach (var name in new[] { "East", "West", "North" })
        {
            warehouses.Add(await world.AddWarehouseAsync(name));
        }

        var products = new List<Product>();
        for (var i = 0; i < 8; i++)
        {
            var dropshipped = i >= 6;
            // Some products have no stock row at some warehouse: the first order there creates it.
            var stock = warehouses.Where(_ => random.Next(4) > 0).Select(w => (w, dropshipped ? 0 : random.Next(0, 40))).ToArray();
            products.Add(await world.AddProductAsync($"SKU-{i}", dropshipped, stock));
        }

        var numbers = new List<int>();
        var tally = new Dictionary<string, Dictionary<OutcomeKind, int>>();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        for (var step = 0; step < Operations; step++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 120)));
            var roll = numbers.Count < 30 ? 0 : random.Next(100);
            var by = random.Next(2) == 0 ? Scenario.Alice : Scenario.Bob;
            switch (roll)
            {
                case < 25:
                    for (var placed = random.Next(1, 4); placed > 0; placed--)
                    {
                        var warehouse = warehouses[random.Next(warehouses.Count)];
                        var lines = Enumerable.Range(0, random.Next(1, 4))
                            .Select(_ => (products[random.Next(products.Count)], random.Next(1, 6)))
                            .ToArray();
                        numbers.Add(await world.PlaceOrderAsync(warehouse, lines));
                    }

                    break;
                case < 45:
                    Count("create label", await world.CreateLabels.RunAsync(Picks(), null, by));
                    break;
                case < 65:
                    var reason = random.Next(3) == 0 ? (CancelReason?)null : CancelReasons.All[random.Next(CancelReasons.All.Count)];
                    Count("cancel", await world.CancelAsync(Picks(), deleteLabels: random.Next(2) == 0, by, reason, "random cancel"));
                    break;
                case < 80:
                    Count("restore", await world.Restore.RunAsync(Picks(), null, by));
                    break;
                case < 95:
                    Count("delete label", await world.DeleteLabels.RunAsync(Picks(), null, by));
                    break;
                default:
                    await world.AddComment.RunAsync(numbers[random.Next(numbers.Count)], $"note {step}", by);
                    break;
            }

            if (step % 100 == 50)
            {
                (await world.AuditInventoryAsync()).ShouldBalance();
            }
        }

        output.WriteLine($"{Operations} calls, {tally.Values.Sum(k => k.Values.Sum())} order actions, {numbers.Count} orders, {clock.ElapsedMilliseconds} ms " +
            $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms of CPU)");
        foreach (var (action, kinds) in tally)
        {
            output.WriteLine($"{action}: {string.Join(", ", kinds.Select(k => $"{k.Value} {k.Key}"))}");
            kinds.Keys.Should().BeEquivalentTo([OutcomeKind.Done, OutcomeKind.Skipped, OutcomeKind.NotFound],
                "every action must have been done, skipped and not found at least once for the run to mean something ({0})", action);
        }

        (await world.AuditInventoryAsync()).ShouldBalance();
        await ShouldBeCoherentAsync(database);

        IReadOnlyCollection<int> Picks() => Enumerable.Range(0, random.Next(1, 13))
            .Select(_ => random.Next(12) == 0 ? 1_000_000 + random.Next(1_000) : numbers[random.Next(numbers.Count)])
            .ToList();

        void Count(string action, BulkOutcome outcome)
        {
            var kinds = tally.TryGetValue(action, out var k) ? k : tally[action] = [];
            foreach (var order in outcome.Orders)
            {
                kinds[order.Kind] = kinds.GetValueOrDefault(order.Kind) + 1;
            }
        }
    }

    /// <summary>Labels, statuses and refunds agree with each other on every order.</summary>
    private static async Task ShouldBeCoherentAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Labels).ThenInclude(l => l.Refund).AsSplitQuery().ToListAsync();
        foreach (var order in orders)
        {
            var active = order.Labels.Count(l => l.State == LabelState.Active);
            active.Should().BeLessThanOrEqualTo(1, "order {0} may hold one active label at most", order.Number);
            if (order.Status == OrderStatus.Shipped)
            {
                active.Should().Be(1, "in this world orders ship only with a label (order {0})", order.Number);
            }

            if (order.Status.IsOpen())
            {
                active.Should().Be(0, "an open order has no active label (order {0})", order.Number);
            }

            order.Labels.Should().NotContain(l => l.State == LabelState.Deleted && l.Refund == null,
                "every deleted label of order {0} has its refund request", order.Number);
            order.Labels.Should().NotContain(l => l.State == LabelState.Active && l.Refund != null);
        }

        (await db.RefundRequests.CountAsync()).Should().Be(orders.Sum(o => o.Labels.Count(l => l.State == LabelState.Deleted)));
    }

    public sealed class OnSqlite(ITestOutputHelper output) : InventoryInvariantTests(output, TestDatabase.InMemory);

    public sealed class OnPostgres(ITestOutputHelper output) : InventoryInvariantTests(output, TestDatabase.Postgres);
}

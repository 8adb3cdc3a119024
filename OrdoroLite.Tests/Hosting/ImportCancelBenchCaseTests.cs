using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Hosting.Benchmarks;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Hosting;

/// <summary>
/// The bench's import-cancel case (issue 17, docs/performance.md) does what it says, checked at a tiny
/// size so that a long bench run never fails on its own set-up. It measures nothing here.
/// </summary>
public sealed class ImportCancelBenchCaseTests
{
    [Fact]
    public async Task Import_cancel_case_imports_new_orders_and_cancels_a_tenth_of_its_size_among_the_open_orders_on_their_channel()
    {
        await using var database = TestDatabase.InMemory();
        var world = new Scenario(database);
        var east = await world.AddWarehouseAsync("East");
        var widget = await world.AddProductAsync("W-1", stock: (east, 1_000));
        var open = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            open.Add(await world.PlaceOrderAsync(east, (widget, 1)));
        }

        var results = await new ImportReportBenchmark(database, null!, warmups: 0, runs: 1).ImportWithCancellationsAsync(100);

        results.Should().ContainSingle().Which.Case.Should().Be("100 orders, 10 of them cancellations of existing orders");
        await using var db = database.CreateDbContext();
        var cancelledOnChannel = await db.Orders.Where(o => open.Contains(o.Number) && o.Status == OrderStatus.Cancelled)
            .Select(o => o.Cancellation!.ById).ToListAsync();
        cancelledOnChannel.Should().HaveCount(10).And.OnlyContain(id => Actor.IsChannelId(id));
        (await db.Orders.CountAsync()).Should().Be(12 + 90);
    }
}

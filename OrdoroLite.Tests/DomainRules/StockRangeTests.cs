using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Common;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>
/// Stock counts cannot wrap (issue 20, item 1): a change that would take Physical On Hand or
/// Committed past ±2,147,483,647 units is refused with a sentence, and nothing is written.
/// </summary>
public abstract class StockRangeTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task Units_coming_back_past_the_largest_stock_count_are_refused_and_the_order_its_label_and_stock_stay_as_they_were()
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 2));
        await using (var db = Database.CreateDbContext())
        {
            // As if the shelf had been counted up to the top of the range since the label was bought.
            await db.Inventory.Where(l => l.ProductId == Widget.Id && l.WarehouseId == East)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.PhysicalOnHand, int.MaxValue));
        }

        var before = await World.SnapshotAsync();

        string said;
        try
        {
            var outcome = await World.CancelAsync([number], deleteLabels: true);
            said = outcome.Summary() + " " + string.Join(" ", outcome.Orders.Select(o => o.Message));
        }
        catch (DomainException e)
        {
            said = e.Message;
        }

        said.Should().Contain("would go past 2,147,483,647 units");
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before, "a refused change writes nothing");
        (await StockAsync(Widget, East)).Should().Be((int.MaxValue, 0));
    }

    public sealed class OnSqlite() : StockRangeTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : StockRangeTests(TestDatabase.Postgres());
}

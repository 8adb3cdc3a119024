using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

public sealed class OrderActionPreviewTests : TwoWarehouses
{
    [Fact]
    public async Task Each_action_counts_the_orders_it_acts_on_and_the_skipped_ones_by_the_rules_own_reason()
    {
        var awaiting = await World.PlaceOrderAsync(East, (Widget, 1));
        var dropship = await World.PlaceOrderAsync(East, (Dropshipped, 1));
        var shipped = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 1));
        var cancelled = await World.PlaceOrderAsync(East, (Widget, 1));
        var cancelledWithLabel = await World.PlaceShippedOrderWithLabelAsync(East, (Gadget, 1));
        await World.CancelAsync([cancelled], deleteLabels: false);
        await World.CancelAsync([cancelledWithLabel], deleteLabels: false);
        const int missing = 999_999;

        var preview = await new OrderActionPreview(Database, World.Carriers, World.Clock).ForAsync([awaiting, dropship, shipped, cancelled, cancelledWithLabel, missing]);

        preview.Selected.Should().Be(6);
        preview.NotFound.Should().Be(1);
        Shape(preview[OrderAction.Cancel]).Should().Be((3, 1, "2 already cancelled"));
        Shape(preview[OrderAction.Restore]).Should().Be((2, 1,
            "3 not cancelled (1 Awaiting Fulfillment, 1 Dropshipment Requested, 1 Shipped)"));
        Shape(preview[OrderAction.CreateLabel]).Should().Be((1, 0,
            "2 cancelled, 1 already shipped, 1 dropshipped by the supplier"));
        // A cancelled order that kept its label may have it deleted (docs/domain-rules.md).
        Shape(preview[OrderAction.DeleteLabel]).Should().Be((2, 2, "3 without an active label"));
    }

    [Fact]
    public async Task The_preview_agrees_with_asking_every_selected_order_its_rules()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            numbers.Add(await World.PlaceOrderAsync(i % 2 == 0 ? East : West, (Widget, 1)));
            numbers.Add(await World.PlaceOrderAsync(East, (Dropshipped, 1)));
            numbers.Add(await World.PlaceShippedOrderWithLabelAsync(West, (Gadget, 1)));
            numbers.Add(await World.PlaceOrderShippedByHandAsync(East, $"HAND-{i}", (Gadget, 1)));
        }

        await World.CreateLabels.RunAsync([numbers[0], numbers[4]], null, Scenario.Alice);
        await World.DeleteLabels.RunAsync([numbers[4]], null, Scenario.Alice);
        await World.CancelAsync([numbers[0], numbers[1], numbers[5], numbers[6]], deleteLabels: false);
        await World.CancelAsync([numbers[2], numbers[7], numbers[8]], deleteLabels: true);
        await World.Restore.RunAsync([numbers[8]], null, Scenario.Bob);

        var preview = await new OrderActionPreview(Database, World.Carriers, World.Clock).ForAsync(numbers);

        await using var db = Database.CreateDbContext();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Labels).Where(o => numbers.Contains(o.Number)).ToListAsync();
        foreach (var (action, rule) in new (OrderAction, Func<Order, string?>)[]
        {
            (OrderAction.Cancel, o => o.WhyCannotCancel()),
            (OrderAction.Restore, o => o.WhyCannotRestore()),
            (OrderAction.CreateLabel, o => o.WhyCannotCreateLabel()),
            (OrderAction.DeleteLabel, o => o.WhyCannotDeleteLabel()),
        })
        {
            var asked = orders.Select(o => rule(o)).ToList();
            preview[action].Applies.Should().Be(asked.Count(why => why is null), action.ToString());
            preview[action].Skipped.ToDictionary(s => s.Reason, s => s.Count).Should().BeEquivalentTo(
                asked.Where(why => why is not null).GroupBy(why => why!).ToDictionary(g => g.Key, g => g.Count()), action.ToString());
        }
    }

    [Fact]
    public async Task An_empty_selection_applies_to_nothing()
    {
        var preview = await new OrderActionPreview(Database, World.Carriers, World.Clock).ForAsync([]);

        preview.Actions.Values.Should().OnlyContain(a => a.Applies == 0 && a.SkippedCount == 0);
    }

    private static (int Applies, int WithActiveLabel, string Skipped) Shape(ActionPreview action) =>
        (action.Applies, action.AppliesWithActiveLabel, action.SkippedText);
}

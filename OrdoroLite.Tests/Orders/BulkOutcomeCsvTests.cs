using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.Tests.Orders;

public sealed class BulkOutcomeCsvTests
{
    [Fact]
    public void The_summary_says_each_skip_reason_once_with_its_count()
    {
        var outcome = new BulkOutcome("restored",
        [
            OrderOutcome.Done(1, "restored to Awaiting Fulfillment"),
            OrderOutcome.Skipped(2, "not cancelled (Shipped)"),
            OrderOutcome.Skipped(3, "not cancelled (Awaiting Fulfillment)"),
            OrderOutcome.Skipped(4, "not cancelled (Shipped)"),
            OrderOutcome.Skipped(5, "dropshipped by the supplier"),
            OrderOutcome.NotFound(6),
        ]);

        outcome.Summary().Should().Be("1 restored, 4 skipped: 3 not cancelled (2 Shipped, 1 Awaiting Fulfillment), 1 dropshipped by the supplier, 1 not found");
        (outcome with { Orders = outcome.Orders.Take(2).ToList() }).Summary().Should().Be("1 restored, 1 skipped: not cancelled (Shipped)");
        // One reason after the count is said without a second count, its parts most first as the dialog says them.
        (outcome with { Orders = outcome.Orders.Take(4).ToList() }).Summary().Should().Be("1 restored, 3 skipped: not cancelled (2 Shipped, 1 Awaiting Fulfillment)");
        SkipGroup.AfterCount([new("not cancelled (Awaiting Fulfillment)", 1), new("not cancelled (Shipped)", 2)])
            .Should().Be("not cancelled (2 Shipped, 1 Awaiting Fulfillment)");
    }

    [Fact]
    public void Each_order_is_one_rfc_4180_row_and_text_that_a_spreadsheet_would_run_as_a_formula_is_escaped()
    {
        using var text = new StringWriter();

        BulkOutcomeCsv.Write(text,
        [
            OrderOutcome.Done(1, "restored to Awaiting Fulfillment", ["=SUM(A1) \"W-1\" is at -2 at East", "G-1 is at -1, at West"]),
            OrderOutcome.Skipped(2, "not cancelled (Shipped)"),
            OrderOutcome.NotFound(3),
        ], [4, 5], "the action was stopped before this order's batch");

        text.ToString().Split("\r\n").Should().Equal(
            "Order,Outcome,Message,Stock warnings",
            "1,done,restored to Awaiting Fulfillment,\"'=SUM(A1) \"\"W-1\"\" is at -2 at East; G-1 is at -1, at West\"",
            "2,skipped,not cancelled (Shipped),",
            "3,not found,order 3 does not exist,",
            "4,not run,the action was stopped before this order's batch,",
            "5,not run,the action was stopped before this order's batch,",
            "");
    }

    [Fact]
    public void A_restored_order_its_channel_still_shows_cancelled_says_so_after_what_was_done_in_the_csv_and_the_snackbar()
    {
        const string warning = "Shopify still shows order SHP-1 cancelled: it was cancelled there. Reopen it on Shopify too if the customer still wants it.";
        var outcome = new BulkOutcome("restored",
        [
            OrderOutcome.Done(1, "restored to Awaiting Fulfillment") with { ChannelWarning = warning },
            OrderOutcome.Done(2, "restored to Awaiting Fulfillment"),
        ]);
        using var text = new StringWriter();

        BulkOutcomeCsv.Write(text, outcome.Orders, [], "");

        text.ToString().Split("\r\n")[1].Should().Be($"1,done,restored to Awaiting Fulfillment. {warning},");
        outcome.Summary().Should().Be("2 restored, 1 still shown cancelled on the sales channel");
    }
}

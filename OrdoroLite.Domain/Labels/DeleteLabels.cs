using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels;

/// <summary>
/// Deletes orders' Active labels (spec "Delete label"; on a cancelled order, the label it kept —
/// docs/domain-rules.md). Each refund follows its carrier's rules: one the carrier would refuse is
/// recorded refused at once, and the label is deleted all the same.
/// </summary>
public sealed class DeleteLabels(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, CarrierRules carriers)
{
    public Task<BulkOutcome> RunAsync(IReadOnlyCollection<int> orderNumbers, string? comment, Actor by,
        CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment);
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, orderNumbers, "label deleted", (order, book) =>
        {
            if (order.WhyCannotDeleteLabel() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            var refund = order.DeleteLabel(text, by, at, book, carriers);
            return refund.State == RefundState.Denied
                ? OrderOutcome.Done(order.Number, "label deleted, refund refused", [refund.DenialReason!])
                : OrderOutcome.Done(order.Number, "label deleted, refund requested");
        }, ct);
    }
}

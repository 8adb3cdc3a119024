using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels;

public sealed class DeleteLabels(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
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

            order.DeleteLabel(text, by, at, book);
            return OrderOutcome.Done(order.Number, "label deleted, refund requested");
        }, ct);
    }
}

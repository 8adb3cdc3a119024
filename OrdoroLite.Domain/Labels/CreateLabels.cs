using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels;

public sealed class CreateLabels(IDbContextFactory<OrdoroDbContext> contexts, ICarrierGateway carrier, TimeProvider clock)
{
    public Task<BulkOutcome> RunAsync(IReadOnlyCollection<int> orderNumbers, string? comment, Actor by,
        CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment);
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, orderNumbers, "label created", (order, book) =>
        {
            if (order.WhyCannotCreateLabel() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            order.CreateLabel(carrier.BuyLabel(order, at), text, by, at, book);
            return OrderOutcome.Done(order.Number, "label created");
        }, ct);
    }
}

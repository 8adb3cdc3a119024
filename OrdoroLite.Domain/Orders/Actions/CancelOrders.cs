using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Orders.Actions;

public sealed record CancelOrdersRequest(
    IReadOnlyCollection<int> OrderNumbers,
    CancelReason? Reason,
    string? Comment,
    bool DeleteLabels);

/// <summary>Cancels orders (spec "Cancel"); a deleted label's refund follows its carrier's rules.</summary>
public sealed class CancelOrders(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, CarrierRules carriers)
{
    public Task<BulkOutcome> RunAsync(CancelOrdersRequest request, Actor by, CancellationToken ct = default)
    {
        var comment = Comment.Normalize(request.Comment);
        var reason = CancelReasons.Validate(request.Reason);
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, request.OrderNumbers, "cancelled", (order, book) =>
        {
            if (order.WhyCannotCancel() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            order.Cancel(reason, comment, request.DeleteLabels, by, at, book, carriers);
            return OrderOutcome.Done(order.Number, "cancelled");
        }, ct);
    }
}

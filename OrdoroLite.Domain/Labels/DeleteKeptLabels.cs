using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels;

/// <summary>
/// Deletes the Active labels that cancellations kept (the Needs attention list's one click; see
/// <see cref="Orders.Order.DeleteKeptLabel"/>): each label Deleted, its refund requested, its units
/// back on the shelf, the order still Cancelled. The same shape and guarantees as
/// <see cref="DeleteLabels"/>, which refuses cancelled orders.
/// </summary>
public sealed class DeleteKeptLabels(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <exception cref="InvalidRequestException">No orders, too many, or a comment over 2,000 characters; nothing written.</exception>
    /// <exception cref="DomainException">The database stayed busy or conflicts persisted; nothing was changed.</exception>
    public Task<BulkOutcome> RunAsync(IReadOnlyCollection<int> orderNumbers, string? comment, Actor by, CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment);
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, orderNumbers, "label deleted", (order, book) =>
        {
            if (order.WhyCannotDeleteKeptLabel() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            order.DeleteKeptLabel(text, by, at, book);
            return OrderOutcome.Done(order.Number, "label deleted, refund requested, order still cancelled");
        }, ct);
    }
}

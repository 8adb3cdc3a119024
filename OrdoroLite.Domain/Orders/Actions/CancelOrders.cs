using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Orders.Actions;

/// <summary>What staff confirmed in the Cancel Order(s) dialog.</summary>
/// <param name="AlsoOnChannel">
/// "Also cancel on the sales channel" (the dialog checks it by default): each cancelled order gets a
/// request to cancel it on its channel, written in the same transaction (docs/channels.md, "Out").
/// </param>
/// <param name="NotifyCustomer">"Notify the customer" (off by default); only used with <paramref name="AlsoOnChannel"/>.</param>
public sealed record CancelOrdersRequest(
    IReadOnlyCollection<int> OrderNumbers,
    CancelReason? Reason,
    string? Comment,
    bool DeleteLabels,
    bool AlsoOnChannel = false,
    bool NotifyCustomer = false);

/// <summary>Cancels orders (spec "Cancel"); a deleted label's refund follows its carrier's rules.</summary>
public sealed class CancelOrders(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock, CarrierRules carriers)
{
    /// <summary>Cancels each order by its own rules (spec "Cancel"), in one write transaction; reports per order.</summary>
    /// <exception cref="InvalidRequestException">No orders, too many, an unknown reason or a comment over 2,000 characters; nothing written.</exception>
    /// <exception cref="DomainException">The database stayed busy or conflicts persisted; nothing was changed.</exception>
    public Task<BulkOutcome> RunAsync(CancelOrdersRequest request, Actor by, CancellationToken ct = default)
    {
        var comment = Comment.Normalize(request.Comment);
        var reason = CancelReasons.Validate(request.Reason);
        var onChannel = request.AlsoOnChannel ? new AlsoOnChannel(request.NotifyCustomer) : null;
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, request.OrderNumbers, "cancelled", (order, book) =>
        {
            if (order.WhyCannotCancel() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            order.Cancel(reason, comment, request.DeleteLabels, by, at, book, carriers, onChannel);
            return OrderOutcome.Done(order.Number, "cancelled");
        }, ct);
    }
}

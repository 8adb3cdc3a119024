using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Orders.Actions;

public sealed class AddComment(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <summary>Appends a comment to an order's timeline.</summary>
    /// <exception cref="InvalidRequestException">The comment is blank or too long, or the order does not exist.</exception>
    public Task RunAsync(int orderNumber, string? comment, Actor by, CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment)
            ?? throw new InvalidRequestException("Type a comment before adding it.");

        return OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Number == orderNumber, token)
                ?? throw new InvalidRequestException($"Order {orderNumber} does not exist.");
            order.AddComment(text, by, clock.GetUtcNow());
            await OrdoroStore.SaveAsync(db, [order], null, token);
            return true;
        }, ct);
    }

    /// <summary>
    /// Appends the same comment to the timeline of each of several orders, all or none in one write
    /// transaction (the API's comment on many orders; the screens comment one order at a time). An
    /// order that does not exist is reported as not found and the others get the comment.
    /// </summary>
    /// <returns>One outcome per distinct order, in the order given: Done ("comment added") or NotFound.</returns>
    /// <exception cref="InvalidRequestException">The comment is blank or too long; no order, or more than one action takes, were given.</exception>
    public Task<BulkOutcome> RunAsync(IReadOnlyCollection<int> orderNumbers, string? comment, Actor by, CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment)
            ?? throw new InvalidRequestException("Type a comment before adding it.");
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, orderNumbers, "commented", (order, _) =>
        {
            order.AddComment(text, by, at);
            return OrderOutcome.Done(order.Number, "comment added");
        }, ct);
    }
}

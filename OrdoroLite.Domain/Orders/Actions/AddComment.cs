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
}

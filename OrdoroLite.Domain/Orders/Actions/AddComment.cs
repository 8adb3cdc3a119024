using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Orders.Actions;

public sealed class AddComment(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    public async Task RunAsync(int orderNumber, string? comment, Actor by, CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment)
            ?? throw new InvalidRequestException("Type a comment before adding it.");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Number == orderNumber, ct)
            ?? throw new InvalidRequestException($"Order {orderNumber} does not exist.");
        order.AddComment(text, by, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Orders.Actions;

public sealed class RestoreOrders(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    public Task<BulkOutcome> RunAsync(IReadOnlyCollection<int> orderNumbers, string? comment, Actor by,
        CancellationToken ct = default)
    {
        var text = Comment.Normalize(comment);
        var at = clock.GetUtcNow();
        return OrderBatch.RunAsync(contexts, orderNumbers, "restored", (order, book) =>
        {
            if (order.WhyCannotRestore() is { } why)
            {
                return OrderOutcome.Skipped(order.Number, why);
            }

            var warnings = order.Restore(text, by, at, book, out var channelWarning);
            return OrderOutcome.Done(order.Number, $"restored to {order.Status.DisplayName()}", warnings) with { ChannelWarning = channelWarning };
        }, ct);
    }
}

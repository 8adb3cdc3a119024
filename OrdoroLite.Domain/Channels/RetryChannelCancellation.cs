using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Channels;

/// <summary>A manager asks the worker to try a failing channel cancellation again now (the App checks the role).</summary>
public sealed class RetryChannelCancellation(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <exception cref="InvalidRequestException">No channel cancellation has that id.</exception>
    /// <exception cref="DomainException">It is already acknowledged, refused or withdrawn.</exception>
    public Task RunAsync(int channelCancellationId, Actor by, CancellationToken ct = default) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var orderNumber = await db.ChannelCancellations.Where(c => c.Id == channelCancellationId)
                    .Select(c => (int?)c.OrderNumber).SingleOrDefaultAsync(token)
                ?? throw new InvalidRequestException($"Channel cancellation {channelCancellationId} does not exist.");
            var order = (await OrderBatch.LoadAsync(db, [orderNumber], token)).Single();
            order.RetryChannelCancellation(channelCancellationId, by, clock.GetUtcNow());
            await OrdoroStore.SaveAsync(db, [order], null, token);
            return true;
        }, ct);
}

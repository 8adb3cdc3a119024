using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels.Refunds;

/// <summary>A manager asks the worker to try a failing refund again now (the App checks the role).</summary>
public sealed class RetryRefund(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <exception cref="InvalidRequestException">No refund request has that id.</exception>
    /// <exception cref="DomainException">The refund is already approved or denied.</exception>
    public Task RunAsync(int refundId, Actor by, CancellationToken ct = default) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var orderNumber = await db.RefundRequests.Where(r => r.Id == refundId).Select(r => (int?)r.OrderNumber).SingleOrDefaultAsync(token)
                ?? throw new InvalidRequestException($"Refund request {refundId} does not exist.");
            var order = (await OrderBatch.LoadAsync(db, [orderNumber], token)).Single();
            order.RetryRefund(refundId, by, clock.GetUtcNow());
            await OrdoroStore.SaveAsync(db, [order], null, token);
            return true;
        }, ct);
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Labels.Refunds;

/// <summary>A manager asks the worker to try a failing refund again now (the App checks the role).</summary>
public sealed class RetryRefund(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    public async Task RunAsync(int refundId, Actor by, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.BeginWriteAsync(ct);
        var request = await db.RefundRequests.SingleOrDefaultAsync(r => r.Id == refundId, ct)
            ?? throw new InvalidRequestException($"Refund request {refundId} does not exist.");
        db.OrderEvents.Add(request.RetryNow(by, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels.Refunds;

/// <summary>
/// Moves refund requests through the carrier: Requested → Submitted → Approved or Denied.
/// A worker first claims a request with a conditional update of its NextAttemptAt (a lease), so two
/// app processes never call the carrier for the same request at once; the carrier call happens
/// outside any transaction; the answer is written only if the lease is still ours. If a process
/// dies mid-call, the lease runs out and another worker asks again with the same idempotency key,
/// which the carrier answers with its first answer instead of a second refund.
/// </summary>
public sealed class RefundProcessor(
    IDbContextFactory<OrdoroDbContext> contexts,
    ICarrierGateway carrier,
    TimeProvider clock,
    RefundOptions options)
{
    public static readonly Actor Worker = Actor.System("Refund worker");

    /// <summary>Processes the requests that are due now; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(int Id, DateTimeOffset? Due)> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = (await db.RefundRequests.AsNoTracking()
                    .Where(r => r.State == RefundState.Requested || r.State == RefundState.Submitted)
                    .Where(r => r.NextAttemptAt == null || r.NextAttemptAt <= now)
                    .OrderBy(r => r.Id)
                    .Take(options.BatchSize)
                    .Select(r => new { r.Id, r.NextAttemptAt })
                    .ToListAsync(ct))
                .Select(r => (r.Id, r.NextAttemptAt))
                .ToList();
        }

        var handled = 0;
        foreach (var (id, seenDue) in due)
        {
            // In whole milliseconds: PostgreSQL stores microseconds, not the clock's 100 ns ticks, and the answer is
            // written only where the stored lease still equals this one (an unrounded lease never matched there).
            var lease = now.ToUniversalTime() + options.Lease;
            lease = lease.AddTicks(-(lease.Ticks % TimeSpan.TicksPerMillisecond));
            if (await TryClaimAsync(id, seenDue, lease, ct))
            {
                await ProcessAsync(id, lease, ct);
                handled++;
            }
        }

        return handled;
    }

    private async Task<bool> TryClaimAsync(int id, DateTimeOffset? seenDue, DateTimeOffset lease, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var claimed = await db.RefundRequests
            .Where(r => r.Id == id && r.NextAttemptAt == seenDue)
            .Where(r => r.State == RefundState.Requested || r.State == RefundState.Submitted)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, lease), ct);
        return claimed == 1;
    }

    private async Task ProcessAsync(int id, DateTimeOffset lease, CancellationToken ct)
    {
        RefundRequest request;
        RefundAsk ask;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            request = await db.RefundRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            var label = await db.Labels.AsNoTracking().SingleAsync(l => l.Id == request.LabelId, ct);
            ask = new RefundAsk(request.IdempotencyKey, request.Carrier, label.TrackingNumber, label.CreatedAt, request.AmountCents,
                request.RequestedAt);
        }

        RefundDecision? decision = null;
        string? failure = null;
        try
        {
            using var timeout = new CancellationTokenSource(options.CallTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            decision = request.State == RefundState.Requested
                ? await carrier.RequestRefundAsync(ask, linked.Token)
                : await carrier.GetRefundStatusAsync(ask.Carrier, ask.IdempotencyKey, linked.Token);
            if (decision.Verdict == RefundVerdict.Unknown)
            {
                // The carrier lost a request we submitted (its restart, or ours mid-call): ask again with
                // the same idempotency key, which can never make a second refund. Never a denial for it.
                decision = await carrier.RequestRefundAsync(ask, linked.Token);
            }
        }
        catch (CarrierUnavailableException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"The carrier did not answer within {options.CallTimeout.TotalSeconds:0} seconds.";
        }

        await RecordAsync(id, lease, decision, failure, ct);
    }

    private Task RecordAsync(int id, DateTimeOffset lease, RefundDecision? decision, string? failure, CancellationToken ct) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            // The refund request belongs to its order: the answer is recorded through the order, under its version.
            var orderNumber = await db.RefundRequests.Where(r => r.Id == id).Select(r => r.OrderNumber).SingleAsync(token);
            var order = (await OrderBatch.LoadAsync(db, [orderNumber], token)).Single();
            var request = order.RefundRequest(id);
            if (request.NextAttemptAt != lease)
            {
                // Our lease ran out and another worker took the request over; its answer stands.
                return false;
            }

            var now = clock.GetUtcNow();
            if (decision is not null)
            {
                order.RecordRefundAnswer(request, decision, Worker, now, options.PollInterval);
            }
            else
            {
                order.RecordRefundFailure(request, failure!, Worker, now, options.RetryDelayAfter(request.Attempts + 1));
            }

            await OrdoroStore.SaveAsync(db, [order], null, token);
            return true;
        }, ct);
}

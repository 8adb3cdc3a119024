using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Channels;

/// <summary>
/// Sends cancellations to the sales channels: Requested → Sent → Acknowledged or Refused, the way
/// label refunds go to the carriers (Labels/Refunds/RefundProcessor, docs/refunds.md). A worker
/// first claims a request with a conditional update of its NextAttemptAt (a lease), so two app
/// processes never call the channel for the same request at once; the call happens outside any
/// transaction, with a timeout; the answer is written through the order, only if the lease is
/// still ours. If a process dies mid-call, the lease runs out and another worker asks again with
/// the same idempotency key, which the channel answers with its first answer: never sent twice.
/// </summary>
public sealed class ChannelCancellationProcessor(
    IDbContextFactory<OrdoroDbContext> contexts,
    ISalesChannelGateway channels,
    TimeProvider clock,
    ChannelSyncOptions options)
{
    public static readonly Actor Worker = Actor.System("Channel sync");

    /// <summary>Processes the requests that are due now; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(int Id, DateTimeOffset? Due)> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = (await db.ChannelCancellations.AsNoTracking()
                    .Where(c => c.State == ChannelCancellationState.Requested || c.State == ChannelCancellationState.Sent)
                    .Where(c => c.NextAttemptAt == null || c.NextAttemptAt <= now)
                    .OrderBy(c => c.Id)
                    .Take(options.BatchSize)
                    .Select(c => new { c.Id, c.NextAttemptAt })
                    .ToListAsync(ct))
                .Select(c => (c.Id, c.NextAttemptAt))
                .ToList();
        }

        var handled = 0;
        foreach (var (id, seenDue) in due)
        {
            var lease = LeaseUntil(now);
            if (await TryClaimAsync(id, seenDue, lease, ct))
            {
                await ProcessAsync(id, lease, ct);
                handled++;
            }
        }

        return handled;
    }

    /// <summary>
    /// Passes until one handles less than a whole batch (at most <paramref name="maxPasses"/>), so a bulk
    /// cancel of thousands of orders reaches the channels in one go, not <see cref="ChannelSyncOptions.BatchSize"/>
    /// requests per worker interval. It ends: every request a pass handles is finished or due later.
    /// </summary>
    /// <returns>How many requests it handled.</returns>
    public async Task<int> RunUntilDrainedAsync(int maxPasses = 500, CancellationToken ct = default)
    {
        var total = 0;
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var handled = await RunOnceAsync(ct);
            total += handled;
            if (handled < options.BatchSize)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>
    /// The end of a lease taken now, in whole milliseconds: the answer is written only where the stored
    /// lease still equals it, and PostgreSQL keeps microseconds, not the clock's 100 ns ticks, so an
    /// unrounded lease read back would never match and every answer would be dropped as "taken over".
    /// </summary>
    internal DateTimeOffset LeaseUntil(DateTimeOffset now)
    {
        var until = now.ToUniversalTime() + options.Lease;
        return until.AddTicks(-(until.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Takes the lease only if nobody changed the request since it was read (another worker, a retry, a restore).</summary>
    private Task<bool> TryClaimAsync(int id, DateTimeOffset? seenDue, DateTimeOffset lease, CancellationToken ct) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) => await db.ChannelCancellations
            .Where(c => c.Id == id && c.NextAttemptAt == seenDue)
            .Where(c => c.State == ChannelCancellationState.Requested || c.State == ChannelCancellationState.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextAttemptAt, lease), token) == 1, ct);

    private async Task ProcessAsync(int id, DateTimeOffset lease, CancellationToken ct)
    {
        ChannelCancellation request;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            request = await db.ChannelCancellations.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        }

        var ask = new ChannelCancelAsk(request.IdempotencyKey, request.Channel, request.ChannelOrderId,
            request.Reason?.DisplayName(), request.NotifyCustomer, request.ReportedShipped);
        ChannelDecision? decision = null;
        string? failure = null;
        try
        {
            using var timeout = new CancellationTokenSource(options.CallTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            decision = request.State == ChannelCancellationState.Sent
                ? await channels.GetCancellationAsync(ask.Channel, ask.IdempotencyKey, linked.Token)
                : await channels.CancelOrderAsync(ask, linked.Token);
            if (decision.Verdict == ChannelVerdict.Unknown)
            {
                // The channel lost a request we sent (its restart, or ours mid-call): ask again with the
                // same idempotency key, which can never cancel twice. Never a refusal for it.
                decision = await channels.CancelOrderAsync(ask, linked.Token);
            }
        }
        catch (SalesChannelUnavailableException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"The sales channel did not answer within {options.CallTimeout.TotalSeconds:0} seconds.";
        }

        await RecordAsync(id, lease, decision, failure, ct);
    }

    private Task RecordAsync(int id, DateTimeOffset lease, ChannelDecision? decision, string? failure, CancellationToken ct) =>
        OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            // The request belongs to its order: the answer is recorded through the order, under its version.
            var orderNumber = await db.ChannelCancellations.Where(c => c.Id == id).Select(c => c.OrderNumber).SingleAsync(token);
            var order = (await OrderBatch.LoadAsync(db, [orderNumber], token)).Single();
            var request = order.ChannelCancellation(id);
            if (request.NextAttemptAt != lease)
            {
                // Our lease ran out and another worker took the request over (or a manager retried it); theirs stands.
                return false;
            }

            var now = clock.GetUtcNow();
            if (decision is not null)
            {
                order.RecordChannelAnswer(request, decision, Worker, now, options.PollInterval);
            }
            else
            {
                order.RecordChannelFailure(request, failure!, Worker, now, options.RetryDelayAfter(request.Attempts + 1));
            }

            await OrdoroStore.SaveAsync(db, [order], null, token);
            return true;
        }, ct);
}

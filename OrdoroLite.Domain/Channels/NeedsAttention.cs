using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Channels;

/// <summary>An order cancelled on its sales channel whose label is still Active: postage paid for a parcel that should not go.</summary>
/// <param name="CancelledAt">When the channel's cancellation reached us (UTC).</param>
/// <param name="CostCents">What the label cost, in cents: the refund a deletion asks for.</param>
public sealed record KeptLabelRow(
    int OrderNumber, string Channel, string ChannelOrderId, DateTimeOffset CancelledAt, string Carrier, string TrackingNumber, long CostCents);

/// <summary>A cancellation we keep failing to send to a sales channel.</summary>
/// <param name="RequestedAt">When staff cancelled the order (UTC).</param>
/// <param name="NextAttemptAt">When the worker tries again (UTC).</param>
public sealed record FailingChannelCancellationRow(
    int Id, int OrderNumber, string Channel, string ChannelOrderId, DateTimeOffset RequestedAt, int Attempts,
    DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>One page of a list, and how many rows the whole list has.</summary>
public sealed record AttentionPage<T>(IReadOnlyList<T> Rows, int Total);

/// <summary>
/// The Needs attention lists (docs/channels.md): orders cancelled on their sales channel with a label
/// still Active, and channel cancellations that keep failing
/// (<see cref="ChannelCancellation.FailuresBeforeAttention"/> failures in a row or more). Newest first.
/// </summary>
public sealed class NeedsAttention(IDbContextFactory<OrdoroDbContext> contexts)
{
    public const int MaxPageSize = 100;

    /// <exception cref="InvalidRequestException">The page size is not between 1 and <see cref="MaxPageSize"/>.</exception>
    public async Task<AttentionPage<KeptLabelRow>> LabelsKeptAsync(int page, int pageSize, CancellationToken ct = default)
    {
        CheckPageSize(pageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The channels' actor ids, exactly (one per channel, a few rows of the report's summary): an IN list
        // on IX_Orders_Status_CancelledById (PostgreSQL: IX_Orders_Cancelled_CancelledById), the same on every
        // database (no prefix LIKE, no collation).
        var channelIds = (await db.ReportOrderDays.Select(r => r.Channel).Distinct().ToListAsync(ct))
            .Select(c => Actor.Channel(c).Id).Distinct().ToList();
        var rows = db.Orders
            .Where(o => o.Status == OrderStatus.Cancelled && channelIds.Contains(o.Cancellation!.ById))
            .Join(db.Labels.Where(l => l.State == LabelState.Active), o => o.Number, l => l.OrderNumber, (o, l) => new
            {
                o.Number, o.Channel, o.ChannelOrderId, CancelledAt = o.Cancellation!.At, l.Carrier, l.TrackingNumber, l.CostCents,
            });
        var total = await rows.CountAsync(ct);
        var items = await rows
            .OrderByDescending(r => r.CancelledAt).ThenByDescending(r => r.Number)
            .Skip(Math.Max(0, page) * pageSize)
            .Take(pageSize)
            .Select(r => new KeptLabelRow(r.Number, r.Channel, r.ChannelOrderId, r.CancelledAt, r.Carrier, r.TrackingNumber, r.CostCents))
            .ToListAsync(ct);
        return new AttentionPage<KeptLabelRow>(items, total);
    }

    /// <exception cref="InvalidRequestException">The page size is not between 1 and <see cref="MaxPageSize"/>.</exception>
    public async Task<AttentionPage<FailingChannelCancellationRow>> FailingAsync(int page, int pageSize, CancellationToken ct = default)
    {
        CheckPageSize(pageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.ChannelCancellations.AsNoTracking()
            .Where(c => c.State == ChannelCancellationState.Requested || c.State == ChannelCancellationState.Sent)
            .Where(c => c.Attempts >= ChannelCancellation.FailuresBeforeAttention);
        var total = await rows.CountAsync(ct);
        var items = await rows
            .OrderByDescending(c => c.Id)
            .Skip(Math.Max(0, page) * pageSize)
            .Take(pageSize)
            .Select(c => new FailingChannelCancellationRow(c.Id, c.OrderNumber, c.Channel, c.ChannelOrderId, c.RequestedAt, c.Attempts,
                c.NextAttemptAt, c.LastError))
            .ToListAsync(ct);
        return new AttentionPage<FailingChannelCancellationRow>(items, total);
    }

    private static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InvalidRequestException($"A page holds 1 to {MaxPageSize} rows, not {pageSize}.");
        }
    }
}

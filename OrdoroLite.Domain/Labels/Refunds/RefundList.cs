using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.Domain.Labels.Refunds;

public enum RefundFilter
{
    All,
    Pending,
    Failing,
    Approved,
    Denied,
}

/// <summary>One refund request with where it stands on its carrier's clock.</summary>
/// <param name="RequestedAt">UTC.</param>
/// <param name="DecidedAt">UTC; null while pending (and for refunds decided before it was recorded).</param>
/// <param name="Stage">Held until, in review, expected credit by… (<see cref="CarrierRules.Stage"/>).</param>
public sealed record RefundRow(
    int Id,
    int OrderNumber,
    string Carrier,
    string TrackingNumber,
    long AmountCents,
    RefundState State,
    DateTimeOffset RequestedAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    string? DenialReason,
    DateTimeOffset? DecidedAt,
    RefundStage Stage)
{
    public bool IsFailing => State is RefundState.Requested or RefundState.Submitted && Attempts > 0;
}

/// <summary>Which refunds to list.</summary>
/// <param name="OnCancelledOrders">Only refunds of orders cancelled now (what the report's label costs count).</param>
/// <param name="OrderDateFrom">UTC; with <paramref name="OrderDateTo"/>, only refunds of orders placed in [from, to).</param>
public sealed record RefundListRequest(
    RefundFilter Filter = RefundFilter.All,
    int Page = 0,
    int PageSize = 50,
    bool OnCancelledOrders = false,
    DateTimeOffset? OrderDateFrom = null,
    DateTimeOffset? OrderDateTo = null);

/// <param name="TotalCents">The amount of all matching refunds, in cents.</param>
public sealed record RefundPage(IReadOnlyList<RefundRow> Rows, int Total, long TotalCents);

/// <summary>
/// The Label refunds view: requests by state, newest first, one page at a time, each with its stage
/// on the carrier's clock; the report's label-cost figures link here narrowed to the refunds they
/// count (cancelled orders placed in the report's period).
/// </summary>
public sealed class RefundList(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, TimeProvider clock)
{
    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="pageSize"/> requests (25, 50 or 100) and the total.</summary>
    /// <exception cref="InvalidRequestException">A page size or number out of range (<see cref="Paging"/>).</exception>
    public Task<RefundPage> GetAsync(RefundFilter filter, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync(new RefundListRequest(filter, page, pageSize), ct);

    /// <summary>The page the request names, its total and the amount of all matching refunds.</summary>
    /// <exception cref="InvalidRequestException">A page size or number out of range (<see cref="Paging"/>).</exception>
    public async Task<RefundPage> GetAsync(RefundListRequest request, CancellationToken ct = default)
    {
        var (skip, take) = Paging.Of(request.Page, request.PageSize, "refund requests");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.RefundRequests.AsNoTracking();
        query = request.Filter switch
        {
            RefundFilter.Pending => query.Where(r => r.State == RefundState.Requested || r.State == RefundState.Submitted),
            RefundFilter.Failing => query.Where(r => (r.State == RefundState.Requested || r.State == RefundState.Submitted) && r.Attempts > 0),
            RefundFilter.Approved => query.Where(r => r.State == RefundState.Approved),
            RefundFilter.Denied => query.Where(r => r.State == RefundState.Denied),
            _ => query,
        };
        if (request.OnCancelledOrders || request.OrderDateFrom is not null || request.OrderDateTo is not null)
        {
            var orders = db.Orders.AsQueryable();
            if (request.OnCancelledOrders)
            {
                orders = orders.Where(o => o.Status == OrderStatus.Cancelled);
            }

            if (request.OrderDateFrom is { } from)
            {
                orders = orders.Where(o => o.OrderDate >= from);
            }

            if (request.OrderDateTo is { } to)
            {
                orders = orders.Where(o => o.OrderDate < to);
            }

            query = query.Join(orders, r => r.OrderNumber, o => o.Number, (r, o) => r);
        }

        var totals = await query.GroupBy(r => 1).Select(g => new { Count = g.Count(), Cents = g.Sum(r => r.AmountCents) }).SingleOrDefaultAsync(ct);
        var rows = await query
            .OrderByDescending(r => r.Id)
            .Skip(skip)
            .Take(take)
            .Join(db.Labels, r => r.LabelId, l => l.Id, (r, l) => new
            {
                r.Id, r.OrderNumber, r.Carrier, l.TrackingNumber, r.AmountCents, r.State, r.RequestedAt, r.Attempts, r.NextAttemptAt, r.LastError,
                r.DenialReason, r.DecidedAt,
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new RefundPage(
            rows.Select(r => new RefundRow(r.Id, r.OrderNumber, r.Carrier, r.TrackingNumber, r.AmountCents, r.State, r.RequestedAt, r.Attempts,
                    r.NextAttemptAt, r.LastError, r.DenialReason, r.DecidedAt,
                    carriers.Stage(r.Carrier, r.State, r.RequestedAt, r.DecidedAt, r.DenialReason, now)))
                .OrderByDescending(r => r.Id)
                .ToList(),
            totals?.Count ?? 0,
            totals?.Cents ?? 0);
    }
}

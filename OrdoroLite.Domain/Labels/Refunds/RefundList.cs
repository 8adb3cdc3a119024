using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Labels.Refunds;

public enum RefundFilter
{
    All,
    Pending,
    Failing,
    Approved,
    Denied,
}

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
    string? DenialReason)
{
    public bool IsFailing => State is RefundState.Requested or RefundState.Submitted && Attempts > 0;
}

public sealed record RefundPage(IReadOnlyList<RefundRow> Rows, int Total);

/// <summary>The Label refunds view: requests by state, newest first, one page at a time.</summary>
public sealed class RefundList(IDbContextFactory<OrdoroDbContext> contexts)
{
    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="pageSize"/> requests (25, 50 or 100) and the total.</summary>
    /// <exception cref="InvalidRequestException">A page size or number out of range (<see cref="Paging"/>).</exception>
    public async Task<RefundPage> GetAsync(RefundFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var (skip, take) = Paging.Of(page, pageSize, "refund requests");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.RefundRequests.AsNoTracking();
        query = filter switch
        {
            RefundFilter.Pending => query.Where(r => r.State == RefundState.Requested || r.State == RefundState.Submitted),
            RefundFilter.Failing => query.Where(r => (r.State == RefundState.Requested || r.State == RefundState.Submitted) && r.Attempts > 0),
            RefundFilter.Approved => query.Where(r => r.State == RefundState.Approved),
            RefundFilter.Denied => query.Where(r => r.State == RefundState.Denied),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(r => r.Id)
            .Skip(skip)
            .Take(take)
            .Join(db.Labels, r => r.LabelId, l => l.Id, (r, l) => new RefundRow(
                r.Id, r.OrderNumber, r.Carrier, l.TrackingNumber, r.AmountCents, r.State, r.RequestedAt,
                r.Attempts, r.NextAttemptAt, r.LastError, r.DenialReason))
            .ToListAsync(ct);
        return new RefundPage(rows, total);
    }
}

using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Labels;

/// <summary>Which kept labels to list, by their refund window now.</summary>
public enum KeptWindow
{
    /// <summary>Still refundable: deleting the label brings its postage back (recoverable).</summary>
    Open,

    /// <summary>Window passed, or scanned: the postage is lost.</summary>
    Closed,

    All,
}

/// <summary>A page of the kept-labels list.</summary>
/// <param name="OrderDateFrom">UTC; with <paramref name="OrderDateTo"/>, only labels of orders placed in [from, to) (the report's period).</param>
public sealed record KeptLabelsRequest(
    KeptWindow Window = KeptWindow.Open,
    DateTimeOffset? OrderDateFrom = null,
    DateTimeOffset? OrderDateTo = null,
    int Page = 0,
    int PageSize = 50);

/// <summary>An Active label kept on a cancelled order.</summary>
/// <param name="KeptSince">UTC: when its order was cancelled with the label kept.</param>
/// <param name="WindowClosesAt">UTC: the last instant a refund can be asked for (its scan, if scanned); null: no deadline.</param>
/// <param name="Outlook">What deleting it now brings (<see cref="CarrierRules.Assess"/>).</param>
public sealed record KeptLabelRow(
    int OrderNumber,
    string Carrier,
    string Service,
    string TrackingNumber,
    long CostCents,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScannedAt,
    DateTimeOffset KeptSince,
    DateTimeOffset? WindowClosesAt,
    RefundOutlook Outlook)
{
    public bool IsOpen => !Outlook.IsRefused;
}

/// <param name="Total">Labels matching the request.</param>
/// <param name="TotalCents">Their postage, in cents (the amount at risk when the window is open).</param>
/// <param name="At">UTC: the "now" the windows were judged at.</param>
public sealed record KeptLabelsResult(IReadOnlyList<KeptLabelRow> Rows, int Total, long TotalCents, DateTimeOffset At);

/// <summary>
/// The labels kept on cancelled orders (Active labels whose order is Cancelled; <see cref="Label.KeptSince"/>),
/// sorted by the instant their refund window closes — the soonest first, those without a deadline
/// last — with what deleting each would bring now. Read through the partial index of kept labels
/// (a few percent of all labels); windows are judged in memory by <see cref="CarrierRules"/>, so a
/// change of a carrier's profile applies at once. Managers only (the App checks the role).
/// </summary>
public sealed class KeptLabels(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, TimeProvider clock)
{
    /// <summary>The home page's warning: labels whose window closes within this time.</summary>
    public static readonly TimeSpan ClosingSoon = TimeSpan.FromDays(7);

    /// <exception cref="InvalidRequestException">A negative page, a page size outside 1–500, or an order-date range that ends before it starts.</exception>
    public async Task<KeptLabelsResult> GetAsync(KeptLabelsRequest request, CancellationToken ct = default)
    {
        if (request.Page < 0 || request.PageSize is < 1 or > 500)
        {
            throw new InvalidRequestException("Pages start at 0 and hold 1 to 500 labels.");
        }

        if (request is { OrderDateFrom: { } from, OrderDateTo: { } to } && to <= from)
        {
            throw new InvalidRequestException("The end of the order-date range must come after its start.");
        }

        var now = clock.GetUtcNow();
        var rows = (await ReadAsync(request.OrderDateFrom, request.OrderDateTo, ct))
            .Select(l => Row(l, now))
            .Where(r => request.Window switch
            {
                KeptWindow.Open => r.IsOpen,
                KeptWindow.Closed => !r.IsOpen,
                _ => true,
            })
            .OrderBy(r => r.WindowClosesAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.OrderNumber)
            .ToList();
        return new KeptLabelsResult(rows.Skip(request.Page * request.PageSize).Take(request.PageSize).ToList(), rows.Count,
            rows.Sum(r => r.CostCents), now);
    }

    /// <summary>
    /// Kept labels still refundable whose window closes within <see cref="ClosingSoon"/> from now
    /// (the home page's count), in labels and cents. Only carriers with a refund window can close, so
    /// per such carrier it reads the unscanned kept labels created in the range whose windows close
    /// in (now, now + 7 days] — a range of the kept labels' partial index, not every kept label.
    /// </summary>
    public async Task<(int Labels, long Cents)> ClosingSoonAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keptCarriers = await db.Labels.AsNoTracking().Where(l => l.KeptSince != null).Select(l => l.Carrier).Distinct().ToListAsync(ct);
        var (labels, cents) = (0, 0L);
        foreach (var carrier in keptCarriers)
        {
            if (carriers.ProfileOf(carrier).RefundWindow is not { } window)
            {
                continue;
            }

            // Open: now < created + window; closing soon: created + window <= now + 7 days.
            var (after, upTo) = (now - window, now + ClosingSoon - window);
            var soon = await db.Labels.AsNoTracking()
                .Where(l => l.KeptSince != null && l.Carrier == carrier && l.CreatedAt > after && l.CreatedAt <= upTo && l.ScannedAt == null)
                .GroupBy(l => 1)
                .Select(g => new { Count = g.Count(), Cents = g.Sum(l => l.CostCents) })
                .SingleOrDefaultAsync(ct);
            (labels, cents) = (labels + (soon?.Count ?? 0), cents + (soon?.Cents ?? 0));
        }

        return (labels, cents);
    }

    private sealed record Kept(int OrderNumber, string Carrier, string Service, string TrackingNumber, long CostCents, DateTimeOffset CreatedAt,
        DateTimeOffset? ScannedAt, DateTimeOffset KeptSince);

    private KeptLabelRow Row(Kept l, DateTimeOffset now)
    {
        var facts = new LabelFacts(l.Carrier, l.CreatedAt, l.ScannedAt, l.CostCents);
        return new KeptLabelRow(l.OrderNumber, l.Carrier, l.Service, l.TrackingNumber, l.CostCents, l.CreatedAt, l.ScannedAt, l.KeptSince,
            carriers.WindowClosesAt(facts), carriers.Assess(facts, now));
    }

    private async Task<List<Kept>> ReadAsync(DateTimeOffset? orderFrom, DateTimeOffset? orderTo, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // KeptSince IS NOT NULL is the partial index's own condition: SQLite and PostgreSQL read only the kept labels.
        var kept = db.Labels.AsNoTracking().Where(l => l.KeptSince != null);
        if (orderFrom is not null || orderTo is not null)
        {
            var placed = db.Orders.AsQueryable();
            if (orderFrom is { } from)
            {
                placed = placed.Where(o => o.OrderDate >= from);
            }

            if (orderTo is { } to)
            {
                placed = placed.Where(o => o.OrderDate < to);
            }

            kept = kept.Join(placed, l => l.OrderNumber, o => o.Number, (l, o) => l);
        }

        return await kept
            .Select(l => new Kept(l.OrderNumber, l.Carrier, l.Service, l.TrackingNumber, l.CostCents, l.CreatedAt, l.ScannedAt, l.KeptSince!.Value))
            .ToListAsync(ct);
    }
}

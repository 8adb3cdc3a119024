using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.Domain.Labels.Tracking;

/// <summary>What a batch of tracking updates did.</summary>
/// <param name="Recorded">Labels newly known scanned.</param>
/// <param name="AlreadyKnown">Scans of labels already known scanned (the first scan counts).</param>
/// <param name="Unknown">Tracking numbers no label of ours has.</param>
public sealed record ScanOutcome(int Recorded, int AlreadyKnown, IReadOnlyList<string> Unknown);

/// <summary>
/// Records tracking updates: each scanned label gets <see cref="Label.ScannedAt"/> through its
/// order (<see cref="Orders.Order.RecordLabelScan"/>), so the timeline shows it and the report's
/// summaries move it from the unscanned to the scanned labels. The carrier rules then treat it as
/// used: no refund. Labels are found by tracking number as the search compares them (upper case, no spaces).
/// </summary>
public sealed class RecordScans(IDbContextFactory<OrdoroDbContext> contexts, TimeProvider clock)
{
    /// <summary>The timeline's author of scans: the carriers' tracking, not a person.</summary>
    public static readonly Actor Tracking = Actor.System("Carrier tracking");

    /// <summary>At most this many scans per call; a tracking feed sends more in several calls.</summary>
    public const int MaxScans = 5_000;

    /// <exception cref="InvalidRequestException">More than <see cref="MaxScans"/> scans.</exception>
    public Task<ScanOutcome> RunAsync(IReadOnlyCollection<TrackingScan> scans, CancellationToken ct = default)
    {
        if (scans.Count > MaxScans)
        {
            throw new InvalidRequestException($"{scans.Count:N0} scans were sent; one call takes at most {MaxScans:N0}. Nothing was recorded.");
        }

        // The first scan of each label counts.
        var first = scans
            .GroupBy(s => SearchText.Tracking(s.TrackingNumber))
            .ToDictionary(g => g.Key, g => g.Min(s => s.ScannedAt));
        if (first.Count == 0)
        {
            return Task.FromResult(new ScanOutcome(0, 0, []));
        }

        var keys = first.Keys.ToList();
        return OrdoroStore.WriteAsync(contexts, async (db, token) =>
        {
            var labels = await db.Labels.AsNoTracking()
                .Where(l => keys.Contains(l.TrackingKey!))
                .Select(l => new { l.OrderNumber, l.TrackingKey })
                .ToListAsync(token);
            var orders = (await OrderBatch.LoadAsync(db, labels.Select(l => l.OrderNumber).Distinct().ToList(), token))
                .ToDictionary(o => o.Number);
            var at = clock.GetUtcNow();
            var recorded = 0;
            foreach (var label in labels)
            {
                recorded += orders[label.OrderNumber].RecordLabelScan(label.TrackingKey!, first[label.TrackingKey!], Tracking, at) ? 1 : 0;
            }

            await OrdoroStore.SaveAsync(db, orders.Values.ToList(), null, token);
            var found = labels.Select(l => l.TrackingKey!).ToHashSet();
            var unknown = scans.Where(s => !found.Contains(SearchText.Tracking(s.TrackingNumber))).Select(s => s.TrackingNumber).Distinct().ToList();
            return new ScanOutcome(recorded, labels.Count - recorded, unknown);
        }, ct);
    }
}

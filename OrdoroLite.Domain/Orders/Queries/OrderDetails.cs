using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Orders.Queries;

/// <summary>Everything the order page shows about one order, read-only.</summary>
public sealed record OrderDetailsView(
    int Number,
    OrderStatus Status,
    DateTimeOffset OrderDate,
    string Channel,
    string ChannelOrderId,
    string CustomerName,
    string CustomerEmail,
    Address ShipTo,
    int WarehouseId,
    string WarehouseName,
    int ItemCount,
    long TotalCents,
    string? HandTrackingNumber,
    CancellationView? LatestCancellation,
    IReadOnlyList<OrderLineView> Lines,
    IReadOnlyList<LabelView> Labels,
    IReadOnlyList<TimelineEntryView> Timeline);

public sealed record OrderLineView(string Sku, string ProductName, int Quantity, long UnitPriceCents)
{
    public long LineTotalCents => Quantity * UnitPriceCents;
}

/// <summary>The latest cancellation as kept on the order; null once the order is restored.</summary>
public sealed record CancellationView(
    DateTimeOffset At,
    string ByName,
    CancelReason? Reason,
    string? ReasonName,
    string? Comment,
    OrderStatus? StatusBefore,
    bool LabelDeleted);

/// <summary>A label of the order, with what its carrier's rules say now (instants in UTC, amounts in cents).</summary>
/// <param name="ScannedAt">When the carrier scanned it, if a tracking update said so.</param>
/// <param name="Outlook">For an Active label: what deleting it now would bring, and until when its window is open.</param>
/// <param name="RefundStage">For a deleted label: its refund on the carrier's clock.</param>
public sealed record LabelView(
    string Carrier,
    string Service,
    string TrackingNumber,
    long CostCents,
    LabelState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt,
    RefundState? RefundState,
    long? RefundAmountCents,
    string? RefundDenialReason,
    DateTimeOffset? ScannedAt = null,
    RefundOutlook? Outlook = null,
    RefundStage? RefundStage = null);

public sealed record TimelineEntryView(
    long Id,
    OrderEventType Type,
    string TypeName,
    string ActorName,
    DateTimeOffset At,
    CancelReason? Reason,
    string? ReasonName,
    string? Comment,
    string? Detail,
    IReadOnlyList<InventoryChangeView> InventoryChanges);

public sealed record InventoryChangeView(string Sku, string WarehouseName, int PhysicalOnHandDelta, int CommittedDelta);

/// <summary>
/// Reads one order for the order page in four small no-tracking queries (order with its
/// warehouse, lines with product names, labels with refunds, timeline), each served by an
/// index on the order number, so the page costs the same with a million orders. Each label carries
/// what its carrier's rules say at the time of reading (<see cref="CarrierRules"/>).
/// </summary>
public sealed class OrderDetails(IDbContextFactory<OrdoroDbContext> contexts, CarrierRules carriers, TimeProvider clock)
{
    /// <returns>The order, or null when no order has that number.</returns>
    public async Task<OrderDetailsView?> FindAsync(int number, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);

        var head = await db.Orders.AsNoTracking()
            .Where(o => o.Number == number)
            .Join(db.Warehouses, o => o.WarehouseId, w => w.Id, (o, w) => new
            {
                o.Number, o.Status, o.OrderDate, o.Channel, o.ChannelOrderId, o.CustomerName, o.CustomerEmail,
                o.ShipTo.Street, o.ShipTo.City, o.ShipTo.Region, o.ShipTo.PostalCode, o.ShipTo.Country,
                o.WarehouseId, WarehouseName = w.Name, o.ItemCount, o.TotalCents, o.HandTrackingNumber,
                o.Cancellation,
            })
            .SingleOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderNumber == number)
            .OrderBy(l => l.Id)
            .Join(db.Products, l => l.ProductId, p => p.Id,
                (l, p) => new OrderLineView(l.Sku, p.Name, l.Quantity, l.UnitPriceCents))
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        var labels = (await db.Labels.AsNoTracking()
                .Where(l => l.OrderNumber == number)
                .OrderByDescending(l => l.Id)
                .Select(l => new
                {
                    l.Carrier, l.Service, l.TrackingNumber, l.CostCents, l.State, l.CreatedAt, l.DeletedAt, l.ScannedAt,
                    RefundState = l.Refund == null ? (RefundState?)null : l.Refund.State,
                    RefundAmountCents = l.Refund == null ? (long?)null : l.Refund.AmountCents,
                    RequestedAt = l.Refund == null ? (DateTimeOffset?)null : l.Refund.RequestedAt,
                    DecidedAt = l.Refund == null ? null : l.Refund.DecidedAt,
                    DenialReason = l.Refund == null ? null : l.Refund.DenialReason,
                })
                .ToListAsync(ct))
            .Select(l => new LabelView(l.Carrier, l.Service, l.TrackingNumber, l.CostCents, l.State, l.CreatedAt, l.DeletedAt,
                l.RefundState, l.RefundAmountCents, l.DenialReason, l.ScannedAt,
                l.State == LabelState.Active ? carriers.Assess(new LabelFacts(l.Carrier, l.CreatedAt, l.ScannedAt, l.CostCents), now) : null,
                l.RefundState is { } state ? carriers.Stage(l.Carrier, state, l.RequestedAt!.Value, l.DecidedAt, l.DenialReason, now) : null))
            .ToList();

        // Events written in one action share an instant; the id keeps their written order.
        var events = await db.OrderEvents.AsNoTracking()
            .Where(e => e.OrderNumber == number)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .ToListAsync(ct);

        var warehouseNames = await WarehouseNamesAsync(db, head.WarehouseId, head.WarehouseName,
            events.SelectMany(e => e.InventoryChanges).Select(c => c.WarehouseId), ct);

        var timeline = events.Select(e => new TimelineEntryView(
                e.Id, e.Type, e.Type.DisplayName(), e.ActorName, e.At, e.Reason, e.Reason?.DisplayName(), e.Comment,
                e.Detail,
                e.InventoryChanges
                    .Select(c => new InventoryChangeView(c.Sku,
                        warehouseNames.GetValueOrDefault(c.WarehouseId, $"warehouse {c.WarehouseId}"),
                        c.PhysicalOnHandDelta, c.CommittedDelta))
                    .ToList()))
            .ToList();

        var cancellation = head is { Status: OrderStatus.Cancelled, Cancellation: { } c }
            ? new CancellationView(c.At, c.ByName, c.Reason, c.Reason?.DisplayName(), c.Comment, c.StatusBefore, c.LabelDeleted)
            : null;

        return new OrderDetailsView(
            head.Number, head.Status, head.OrderDate, head.Channel, head.ChannelOrderId, head.CustomerName,
            head.CustomerEmail, new Address(head.Street, head.City, head.Region, head.PostalCode, head.Country),
            head.WarehouseId, head.WarehouseName, head.ItemCount, head.TotalCents, head.HandTrackingNumber,
            cancellation, lines, labels, timeline);
    }

    // Inventory changes land at the order's own warehouse; only look up others if one ever appears.
    private static async Task<Dictionary<int, string>> WarehouseNamesAsync(OrdoroDbContext db, int ownId, string ownName,
        IEnumerable<int> mentioned, CancellationToken ct)
    {
        var names = new Dictionary<int, string> { [ownId] = ownName };
        var others = mentioned.Where(id => id != ownId).Distinct().ToList();
        if (others.Count > 0)
        {
            foreach (var w in await db.Warehouses.AsNoTracking().Where(w => others.Contains(w.Id))
                         .Select(w => new { w.Id, w.Name }).ToListAsync(ct))
            {
                names[w.Id] = w.Name;
            }
        }

        return names;
    }
}

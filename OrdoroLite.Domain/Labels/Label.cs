using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Domain.Labels;

public enum LabelState
{
    Active,
    Deleted,
}

/// <summary>A shipping label bought from a carrier. Never removed: deleting it only changes its state.</summary>
public sealed class Label
{
    public const int CarrierMaxLength = 40;
    public const int ServiceMaxLength = 80;
    public const int TrackingMaxLength = 64;

    private Label()
    {
        Carrier = "";
        Service = "";
        TrackingNumber = "";
    }

    internal Label(string carrier, string service, string trackingNumber, long costCents, DateTimeOffset createdAt)
    {
        Carrier = carrier;
        Service = service;
        TrackingNumber = trackingNumber;
        TrackingKey = Common.SearchText.Tracking(trackingNumber);
        CostCents = costCents;
        CreatedAt = createdAt.ToUniversalTime();
        State = LabelState.Active;
    }

    /// <summary>0 until the writer stores the label.</summary>
    public int Id { get; private set; }

    public int OrderNumber { get; private set; }

    public string Carrier { get; private set; }

    public string Service { get; private set; }

    public string TrackingNumber { get; private set; }

    /// <summary>The tracking number as the search compares it: upper case, no spaces.</summary>
    public string? TrackingKey { get; private set; }

    /// <summary>What the postage cost, in cents.</summary>
    public long CostCents { get; private set; }

    /// <summary>UTC.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    public LabelState State { get; private set; }

    /// <summary>UTC; null while Active.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>
    /// UTC: when the carrier first scanned it (a tracking update says so); null while not scanned
    /// as far as we know. The carrier rules read it: a scanned label was used, so it is never refunded.
    /// </summary>
    public DateTimeOffset? ScannedAt { get; private set; }

    /// <summary>
    /// UTC: when its order was cancelled while this label stayed Active (a label kept on a cancelled
    /// order, whose postage may still be recoverable); null otherwise — the order restores it, or the
    /// label is deleted. Kept by <see cref="Orders.Order"/>; the kept-labels list reads it through a small partial index.
    /// </summary>
    public DateTimeOffset? KeptSince { get; private set; }

    public RefundRequest? Refund { get; private set; }

    public bool IsActive => State == LabelState.Active;

    /// <summary>What the carrier rules read of it.</summary>
    public LabelFacts Facts => new(Carrier, CreatedAt, ScannedAt, CostCents);

    /// <summary>Its stored row changes: the writer updates it with its order.</summary>
    internal bool IsChanged { get; private set; }

    /// <summary>
    /// Deletes it and writes its refund request as <paramref name="outlook"/> says: a request for the
    /// pipeline, or — when the carrier's rules refuse it — a refusal recorded at once, never sent.
    /// </summary>
    internal RefundRequest Delete(int orderNumber, DateTimeOffset at, RefundOutlook outlook)
    {
        State = LabelState.Deleted;
        DeletedAt = at.ToUniversalTime();
        KeptSince = null;
        Refund = outlook.IsRefused
            ? RefundRequest.RefusedAtOnce(orderNumber, Carrier, CostCents, at, outlook.Reason!)
            : new RefundRequest(orderNumber, Carrier, CostCents, at);
        Refund.BelongsTo(orderNumber, Id);
        IsChanged = true;
        return Refund;
    }

    /// <summary>The carrier scanned it; the first scan counts. Returns false when it was already known scanned.</summary>
    internal bool RecordScan(DateTimeOffset scannedAt)
    {
        if (ScannedAt is not null)
        {
            return false;
        }

        ScannedAt = scannedAt.ToUniversalTime();
        IsChanged = true;
        return true;
    }

    /// <summary>Its order was cancelled and this Active label kept.</summary>
    internal void Keep(DateTimeOffset at)
    {
        KeptSince = at.ToUniversalTime();
        IsChanged = true;
    }

    /// <summary>Its order is no longer cancelled (restored): the label is in use again, not kept.</summary>
    internal void Unkeep()
    {
        if (KeptSince is not null)
        {
            KeptSince = null;
            IsChanged = true;
        }
    }

    internal void BelongsTo(int orderNumber)
    {
        OrderNumber = orderNumber;
        Refund?.BelongsTo(orderNumber, Id);
    }

    internal void Stored(int id)
    {
        Id = id;
        Refund?.BelongsTo(OrderNumber, id);
    }

    internal void AcceptChanges()
    {
        IsChanged = false;
        Refund?.AcceptChanges();
    }
}

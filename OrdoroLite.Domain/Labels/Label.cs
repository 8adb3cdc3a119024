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

    public RefundRequest? Refund { get; private set; }

    public bool IsActive => State == LabelState.Active;

    /// <summary>Its stored row changes: the writer updates it with its order.</summary>
    internal bool IsChanged { get; private set; }

    internal RefundRequest Delete(int orderNumber, DateTimeOffset at)
    {
        State = LabelState.Deleted;
        DeletedAt = at.ToUniversalTime();
        Refund = new RefundRequest(orderNumber, Carrier, CostCents, at);
        Refund.BelongsTo(orderNumber, Id);
        IsChanged = true;
        return Refund;
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

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
        CostCents = costCents;
        CreatedAt = createdAt.ToUniversalTime();
        State = LabelState.Active;
    }

    public int Id { get; private set; }

    public int OrderNumber { get; private set; }

    public string Carrier { get; private set; }

    public string Service { get; private set; }

    public string TrackingNumber { get; private set; }

    public long CostCents { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public LabelState State { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public RefundRequest? Refund { get; private set; }

    public bool IsActive => State == LabelState.Active;

    internal RefundRequest Delete(int orderNumber, DateTimeOffset at)
    {
        State = LabelState.Deleted;
        DeletedAt = at.ToUniversalTime();
        Refund = new RefundRequest(orderNumber, Carrier, CostCents, at);
        return Refund;
    }
}

namespace OrdoroLite.Domain.Labels;

/// <summary>What a carrier returns when it sells us a label.</summary>
public sealed record LabelQuote(string Carrier, string Service, string TrackingNumber, long CostCents);

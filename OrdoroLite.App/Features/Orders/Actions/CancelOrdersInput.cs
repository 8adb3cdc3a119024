using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>What the Cancel Order(s) dialog collected; the caller runs the cancel.</summary>
public sealed record CancelOrdersInput(CancelReason? Reason, string? Comment, bool DeleteLabels);

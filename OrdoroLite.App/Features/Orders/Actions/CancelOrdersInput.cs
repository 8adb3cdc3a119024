using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>What the Cancel Order(s) dialog collected; the caller runs the cancel.</summary>
/// <param name="AlsoOnChannel">"Also cancel on the sales channel" (checked by default).</param>
/// <param name="NotifyCustomer">"Notify the customer" (unchecked by default; only with <paramref name="AlsoOnChannel"/>).</param>
public sealed record CancelOrdersInput(CancelReason? Reason, string? Comment, bool DeleteLabels, bool AlsoOnChannel = false, bool NotifyCustomer = false);

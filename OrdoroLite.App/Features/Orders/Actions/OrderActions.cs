using MudBlazor;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>What a person confirmed in an action's dialog; the numbers come separately (a job sends them in batches).</summary>
/// <param name="AlsoOnChannel">Cancel only: also cancel each order on its sales channel (docs/channels.md, "Out").</param>
/// <param name="NotifyCustomer">Cancel only, with <paramref name="AlsoOnChannel"/>: the channel notifies the customer.</param>
public sealed record OrderActionInput(OrderAction Action, string? Comment, CancelReason? Reason = null, bool DeleteLabels = false,
    bool AlsoOnChannel = false, bool NotifyCustomer = false);

/// <summary>
/// Runs a confirmed action over some orders through the Domain's use case — one call, one
/// transaction, one outcome per order. The Actions menu calls it once for a small selection; a
/// background job calls it once per batch.
/// </summary>
public sealed class OrderActions(CancelOrders cancel, RestoreOrders restore, CreateLabels createLabels, DeleteLabels deleteLabels)
{
    public Task<BulkOutcome> RunAsync(OrderActionInput input, IReadOnlyCollection<int> numbers, Actor by, CancellationToken ct = default) =>
        input.Action switch
        {
            OrderAction.Cancel => cancel.RunAsync(
                new CancelOrdersRequest(numbers, input.Reason, input.Comment, input.DeleteLabels, input.AlsoOnChannel, input.NotifyCustomer), by, ct),
            OrderAction.Restore => restore.RunAsync(numbers, input.Comment, by, ct),
            OrderAction.CreateLabel => createLabels.RunAsync(numbers, input.Comment, by, ct),
            OrderAction.DeleteLabel => deleteLabels.RunAsync(numbers, input.Comment, by, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Action, null),
        };

    /// <summary>How each action reads on screen.</summary>
    public static OrderActionText Text(OrderAction action) => action switch
    {
        OrderAction.Cancel => new("Cancel Order(s)", "cancelled", "cancelled", "Cancelling", Icons.Material.Filled.Cancel, Color.Error),
        OrderAction.Restore => new("Restore Order(s)", "restored to where it was before it was cancelled",
            "restored to where they were before they were cancelled", "Restoring", Icons.Material.Filled.Restore, Color.Primary),
        OrderAction.CreateLabel => new("Create Label(s)", "shipped with a new label", "shipped with a new label each", "Creating labels for",
            Icons.Material.Filled.LocalShipping, Color.Primary),
        OrderAction.DeleteLabel => new("Delete Label(s)",
            "left without its label: the label is deleted, a refund is requested as its carrier's rules allow, the units return to the shelf and the order goes back to Awaiting Fulfillment (a cancelled order stays cancelled)",
            "left without their labels: each label is deleted, a refund is requested as its carrier's rules allow, the units return to the shelf and each order goes back to Awaiting Fulfillment (a cancelled order stays cancelled)",
            "Deleting labels of", Icons.Material.Filled.Delete, Color.Error),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

/// <param name="Title">Menu item, dialog title and confirm button, e.g. "Restore Order(s)".</param>
/// <param name="WillBeOne">Completes "Order 12 will be …" (and "1 order will be …").</param>
/// <param name="WillBeMany">Completes "3 orders will be …".</param>
/// <param name="Doing">Begins "… 1,200 orders" for a running job.</param>
public sealed record OrderActionText(string Title, string WillBeOne, string WillBeMany, string Doing, string Icon, Color Color)
{
    /// <summary>What becomes of <paramref name="count"/> orders, in the number's grammar.</summary>
    public string WillBe(int count) => count == 1 ? WillBeOne : WillBeMany;
}

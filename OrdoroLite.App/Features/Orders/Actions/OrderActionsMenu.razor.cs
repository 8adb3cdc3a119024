using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>
/// Opens the dialog of an action, runs the use case once for the whole selection with the
/// signed-in staff member, reports the per-order outcome and tells other screens.
/// </summary>
public partial class OrderActionsMenu
{
    private bool _running;

    [Inject]
    private ILogger<OrderActionsMenu> Logger { get; set; } = default!;

    /// <summary>The orders the actions apply to; the menu is disabled when empty.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyCollection<int> OrderNumbers { get; set; } = [];

    /// <summary>Raised after an action ran (whatever each order's outcome), so the caller reloads and clears its selection.</summary>
    [Parameter]
    public EventCallback<BulkOutcome> OnChanged { get; set; }

    /// <summary>
    /// Not awaited by the menu item, so the menu closes at once instead of staying open behind the dialog.
    /// </summary>
    private void Start(Func<Task> action) => _ = InvokeAsync(async () =>
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "An order action failed");
            Snackbar.Add("Something went wrong; nothing was reported as done. Reload the page and check the orders.", Severity.Error);
            _running = false;
            StateHasChanged();
        }
    });

    private async Task CancelAsync()
    {
        var numbers = OrderNumbers.ToList();
        var withLabel = (await Preview.ForAsync(numbers))[OrderAction.Cancel].AppliesWithActiveLabel;
        var dialog = await Dialogs.ShowAsync<CancelOrdersDialog>("Cancel Order(s)",
            new DialogParameters<CancelOrdersDialog>
            {
                { d => d.OrderCount, numbers.Count },
                { d => d.ActiveLabelCount, withLabel },
            },
            DialogOptions);
        if (await dialog.Result is { Canceled: false, Data: CancelOrdersInput input })
        {
            await RunAsync(numbers, actor => CancelOrders.RunAsync(
                new CancelOrdersRequest(numbers, input.Reason, input.Comment, input.DeleteLabels), actor));
        }
    }

    private Task RestoreAsync() =>
        AskThenRunAsync("Restore Order(s)", "restored to where they were before they were cancelled", "Restore Order(s)",
            Color.Primary, (numbers, comment, actor) => RestoreOrders.RunAsync(numbers, comment, actor));

    private Task CreateLabelsAsync() =>
        AskThenRunAsync("Create Label(s)", "shipped with a new label; only Awaiting Fulfillment orders can get one", "Create Label(s)",
            Color.Primary, (numbers, comment, actor) => CreateLabels.RunAsync(numbers, comment, actor));

    private Task DeleteLabelsAsync() =>
        AskThenRunAsync("Delete Label(s)", "given back their label: it is deleted, a refund is requested, the units return to the shelf and the order goes back to Awaiting Fulfillment", "Delete Label(s)",
            Color.Error, (numbers, comment, actor) => DeleteLabels.RunAsync(numbers, comment, actor));

    private async Task AskThenRunAsync(string title, string what, string confirm, Color color,
        Func<IReadOnlyCollection<int>, string?, Actor, Task<BulkOutcome>> action)
    {
        var numbers = OrderNumbers.ToList();
        var message = numbers.Count == 1
            ? $"Order {numbers[0]} will be {what}."
            : $"{numbers.Count:N0} orders will be {what}. Orders where that does not apply are skipped.";
        var dialog = await Dialogs.ShowAsync<OrderCommentDialog>(title,
            new DialogParameters<OrderCommentDialog>
            {
                { d => d.Title, title },
                { d => d.Message, message },
                { d => d.ConfirmText, confirm },
                { d => d.ConfirmColor, color },
            },
            DialogOptions);
        if (await dialog.Result is { Canceled: false, Data: string comment })
        {
            await RunAsync(numbers, actor => action(numbers, comment, actor));
        }
    }

    private async Task RunAsync(IReadOnlyCollection<int> numbers, Func<Actor, Task<BulkOutcome>> action)
    {
        if (_running)
        {
            return;
        }

        _running = true;
        StateHasChanged();
        try
        {
            var outcome = await action(await CurrentStaff.GetActorAsync());
            Report(outcome);
            Changes.Publish(numbers);
            await OnChanged.InvokeAsync(outcome);
        }
        catch (DomainException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        catch (UnauthorizedAccessException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        finally
        {
            _running = false;
        }
    }

    private void Report(BulkOutcome outcome)
    {
        var clean = outcome.DoneCount == outcome.Orders.Count && outcome.Orders.All(o => o.Warnings.Count == 0);
        Snackbar.Add(outcome.Summary, clean ? Severity.Success : Severity.Warning, config =>
        {
            config.Action = "Details";
            config.ActionColor = Color.Inherit;
            config.OnClick = _ => Dialogs.ShowAsync<OutcomeDialog>("Details",
                new DialogParameters<OutcomeDialog> { { d => d.Outcome, outcome } }, DialogOptions);
        });
    }

    private static DialogOptions DialogOptions => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
}

using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders.Actions;

/// <summary>
/// Checks what each action would do to the selection when the menu opens, opens the chosen action's
/// dialog, then runs it with the signed-in staff member: at once for up to
/// <see cref="OrderJobs.InlineLimit"/> orders, otherwise as a background job. Reports the outcome and
/// tells other screens.
/// </summary>
public partial class OrderActionsMenu
{
    private bool _running;
    private SelectionCheck? _check;

    [Inject] private OrderActions Actions { get; set; } = default!;

    [Inject] private OrderJobs Jobs { get; set; } = default!;

    [Inject] private OrderGrid Grid { get; set; } = default!;

    [Inject] private OrderActionPreview Preview { get; set; } = default!;

    [Inject] private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private OrderChanges Changes { get; set; } = default!;

    [Inject] private ILogger<OrderActionsMenu> Logger { get; set; } = default!;

    /// <summary>The orders the actions apply to; the menu is disabled when it is empty.</summary>
    [Parameter, EditorRequired]
    public OrderSelection Selection { get; set; } = OrderSelection.None;

    /// <summary>Raised after an action ran or a job started, so the caller reloads and clears its selection.</summary>
    [Parameter]
    public EventCallback<ActionDone> OnDone { get; set; }

    // Asked afresh at every opening: the orders may have changed since the last one.
    private async Task OnOpenChangedAsync(bool open)
    {
        if (!open)
        {
            return;
        }

        _check = null;
        try
        {
            _check = await SelectionCheck.RunAsync(Selection, Grid, Preview, Jobs.BatchSize);
        }
        catch (DomainException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    /// <summary>Not awaited by the menu item, so the menu closes at once instead of staying open behind the dialog.</summary>
    private void Start(OrderAction action) => _ = InvokeAsync(async () =>
    {
        try
        {
            if (_check is { } check && await AskAsync(action, check) is { } input)
            {
                await RunAsync(input);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "An order action failed");
            Snackbar.Add("Something went wrong; nothing was reported as done. Reload the page and check the orders.", Severity.Error);
            _running = false;
            StateHasChanged();
        }
    });

    private async Task<OrderActionInput?> AskAsync(OrderAction action, SelectionCheck check)
    {
        var text = OrderActions.Text(action);
        if (action == OrderAction.Cancel)
        {
            var cancel = await Dialogs.ShowAsync<CancelOrdersDialog>(text.Title, new DialogParameters<CancelOrdersDialog>
            {
                { d => d.Message, check.Message(action) },
                { d => d.ActiveLabelCount, check.WithActiveLabel(action) },
                { d => d.Refunds, check.Refunds(action) },
            }, DialogOptions);
            return await cancel.Result is { Canceled: false, Data: CancelOrdersInput input }
                ? new OrderActionInput(action, input.Comment, input.Reason, input.DeleteLabels, input.AlsoOnChannel, input.NotifyCustomer)
                : null;
        }

        var dialog = await Dialogs.ShowAsync<OrderCommentDialog>(text.Title, new DialogParameters<OrderCommentDialog>
        {
            { d => d.Title, text.Title },
            { d => d.Message, check.Message(action) },
            { d => d.ConfirmText, text.Title },
            { d => d.ConfirmColor, text.Color },
            { d => d.Refunds, action == OrderAction.DeleteLabel ? check.Refunds(action) : null },
        }, DialogOptions);
        return await dialog.Result is { Canceled: false, Data: string comment } ? new OrderActionInput(action, comment) : null;
    }

    private async Task RunAsync(OrderActionInput input)
    {
        if (_running)
        {
            return;
        }

        _running = true;
        StateHasChanged();
        Snackbar? queued = null;
        try
        {
            var actor = await CurrentStaff.GetActorAsync();
            // Looked up again: "every order matching this view" means the orders matching it now.
            var numbers = await Selection.ResolveAsync(Grid, OrderJobs.MaxOrders);
            var note = SelectionNote(numbers.Count);
            if (numbers.Count == 0)
            {
                Snackbar.Add("None of the selected orders matches this view any more; nothing was done.", Severity.Warning);
            }
            else if (numbers.Count <= OrderJobs.InlineLimit)
            {
                var running = Actions.RunAsync(input, numbers, actor);
                // Another change (a large import) may hold the database: say the save is queued rather than look stuck.
                if (await Task.WhenAny(running, Task.Delay(QueuedAfter)) != running)
                {
                    queued = Snackbar.Add(QueuedMessage, Severity.Info, config => config.RequireInteraction = true);
                }

                var outcome = await running;
                Report(outcome, note);
                Changes.Publish(numbers);
                await OnDone.InvokeAsync(new ActionDone(outcome, note, null));
            }
            else
            {
                var job = Jobs.Start(actor, input, numbers, note);
                Snackbar.Add($"{job.Title}: running in the background. Its progress shows on the Orders page.", Severity.Info);
                await OnDone.InvokeAsync(new ActionDone(null, note, job));
            }
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
            if (queued is not null)
            {
                Snackbar.Remove(queued);
            }
        }
    }

    /// <summary>Shown while an action waits for the database (at most 10 s, then it says so and changes nothing).</summary>
    internal const string QueuedMessage =
        "Saving… another change (for example a large import) is being saved first; yours follows within seconds.";

    private static readonly TimeSpan QueuedAfter = TimeSpan.FromSeconds(1);

    /// <summary>How the orders acted on differ from the count the person saw when selecting every order matching a view.</summary>
    private string? SelectionNote(int resolved)
    {
        if (Selection is not OrderSelection.AllMatching all)
        {
            return null;
        }

        var difference = resolved - all.Count;
        return all.CountIsCapped ? $"{resolved:N0} orders matched this view when the action ran."
            : difference < 0 ? $"{-difference:N0} fewer than the {all.Count:N0} selected: they no longer match this view."
            : difference > 0 ? $"{difference:N0} more than the {all.Count:N0} selected: they came to match this view since."
            : null;
    }

    private void Report(BulkOutcome outcome, string? note)
    {
        var clean = outcome.DoneCount == outcome.Orders.Count && outcome.Orders.All(o => o.Warnings.Count == 0 && o.ChannelWarning is null)
            && note is null;
        Snackbar.Add(note is null ? outcome.Summary() : $"{outcome.Summary()}. {note}", clean ? Severity.Success : Severity.Warning, config =>
        {
            config.Action = "Details";
            config.ActionColor = Color.Inherit;
            config.OnClick = _ => Dialogs.ShowAsync<OutcomeDialog>("Details",
                new DialogParameters<OutcomeDialog> { { d => d.Outcome, outcome } }, DialogOptions);
        });
    }

    private static DialogOptions DialogOptions => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
}

/// <summary>An action ran at once (<paramref name="Outcome"/>) or started as a background <paramref name="Job"/>.</summary>
/// <param name="Note">How the orders acted on differ from those selected, when they do.</param>
public sealed record ActionDone(BulkOutcome? Outcome, string? Note, OrderJob? Job);

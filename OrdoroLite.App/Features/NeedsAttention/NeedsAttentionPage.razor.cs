using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Staff;
using Money = OrdoroLite.App.Features.Shared.Money;

using KeptLabelRow = OrdoroLite.Domain.Channels.KeptLabelRow;

namespace OrdoroLite.App.Features.NeedsAttention;

/// <summary>
/// The Needs attention list (docs/channels.md): orders cancelled on their channel that still have an
/// Active label, with the Delete Label(s) dialog one click away, and channel cancellations that keep
/// failing, with Retry for managers (the role checked again on the server when pressed).
/// </summary>
public partial class NeedsAttentionPage
{
    private MudTable<KeptLabelRow>? _keptTable;
    private MudTable<FailingChannelCancellationRow>? _failingTable;
    private bool _isManager;
    private bool _busy;

    [Inject] private Domain.Channels.NeedsAttention Lists { get; set; } = default!;

    [Inject] private DeleteLabels DeleteLabels { get; set; } = default!;

    [Inject] private RetryChannelCancellation Retry { get; set; } = default!;

    [Inject] private CurrentStaff Staff { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private OrderChanges Changes { get; set; } = default!;

    [Inject] private LocalTime LocalTime { get; set; } = default!;

    protected override async Task OnInitializedAsync() =>
        _isManager = (await Authentication.GetAuthenticationStateAsync()).User.IsInRole(Roles.Manager);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await LocalTime.ResolveAsync())
        {
            StateHasChanged();
        }
    }

    private async Task<TableData<KeptLabelRow>> LoadKeptAsync(TableState state, CancellationToken ct)
    {
        var page = await Lists.LabelsKeptAsync(state.Page, state.PageSize, ct);
        return new TableData<KeptLabelRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task<TableData<FailingChannelCancellationRow>> LoadFailingAsync(TableState state, CancellationToken ct)
    {
        var page = await Lists.FailingAsync(state.Page, state.PageSize, ct);
        return new TableData<FailingChannelCancellationRow> { Items = page.Rows, TotalItems = page.Total };
    }

    /// <summary>The Delete Label(s) dialog for one order; the order's own rule decides (it may have changed since the list loaded).</summary>
    private async Task DeleteLabelAsync(KeptLabelRow row)
    {
        var dialog = await Dialogs.ShowAsync<OrderCommentDialog>("Delete Label(s)", new DialogParameters<OrderCommentDialog>
        {
            { d => d.Title, "Delete Label(s)" },
            { d => d.Message, $"Order {row.OrderNumber}'s {row.Carrier} label (tracking {row.TrackingNumber}) will be deleted: a refund of " +
                $"{Money.Format(row.CostCents)} is requested, its units return to the shelf, and the order stays cancelled." },
            { d => d.ConfirmText, "Delete Label(s)" },
            { d => d.ConfirmColor, Color.Error },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string comment })
        {
            return;
        }

        await RunAsync(async () =>
        {
            var outcome = await DeleteLabels.RunAsync([row.OrderNumber], comment, await Staff.GetActorAsync());
            var done = outcome.DoneCount == 1;
            Snackbar.Add(done
                    ? $"Order {row.OrderNumber}: label deleted, refund requested, units back on the shelf."
                    : $"Order {row.OrderNumber}: {outcome.Summary()}.",
                done ? Severity.Success : Severity.Warning);
            Changes.Publish([row.OrderNumber]);
        });
    }

    private async Task RetryAsync(FailingChannelCancellationRow row)
    {
        // Checked again here, on the server: hiding the button is not the guard.
        if (!(await Authentication.GetAuthenticationStateAsync()).User.IsInRole(Roles.Manager))
        {
            Snackbar.Add("Only managers can retry a channel cancellation.", Severity.Error);
            return;
        }

        await RunAsync(async () =>
        {
            await Retry.RunAsync(row.Id, await Staff.GetActorAsync());
            Snackbar.Add($"The cancellation of order {row.OrderNumber} on {row.Channel} will be tried again now.", Severity.Success);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (DomainException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_keptTable is not null)
        {
            await _keptTable.ReloadServerData();
        }

        if (_failingTable is not null)
        {
            await _failingTable.ReloadServerData();
        }
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Labels;

/// <summary>
/// The labels kept on cancelled orders (managers): read through <see cref="KeptLabels"/>, one click
/// deletes a label through <see cref="DeleteLabels"/> — the same use case as the Orders page's
/// Delete Label(s), which on a cancelled order returns the units and requests the refund.
/// </summary>
public partial class KeptLabelsPage
{
    private MudTable<KeptLabelRow>? _table;
    private KeptLabelsView _view = new(KeptWindow.Open, null, null);
    private KeptLabelsResult? _page;
    private bool _busy;
    private bool _zoneKnown;

    [Inject] private KeptLabels Kept { get; set; } = default!;

    [Inject] private DeleteLabels DeleteLabels { get; set; } = default!;

    [Inject] private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private LocalTime LocalTime { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "window")] public string? Window { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var view = KeptLabelsView.Parse(Window, From, To);
        if (view != _view)
        {
            _view = view;
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The days of a link are the viewer's, and every time is shown in their zone: read once it is known.
            await LocalTime.ResolveAsync();
            _zoneKnown = true;
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }

            StateHasChanged();
        }
    }

    private async Task<TableData<KeptLabelRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var days = LocalDays.Range(_view.From, _view.To, LocalTime.Zone);
        if (days is not null && !_zoneKnown)
        {
            return new TableData<KeptLabelRow> { Items = [], TotalItems = 0 };
        }

        try
        {
            _page = await Kept.GetAsync(new KeptLabelsRequest(_view.Window, days?.From, days?.To, state.Page, state.PageSize), ct);
        }
        catch (InvalidRequestException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
            return new TableData<KeptLabelRow> { Items = [], TotalItems = 0 };
        }

        return new TableData<KeptLabelRow> { Items = _page.Rows, TotalItems = _page.Total };
    }

    private void WindowChanged(KeptWindow window) => Navigation.NavigateTo(KeptLabelsView.Url(window, _view.From, _view.To));

    private async Task DeleteAsync(KeptLabelRow row)
    {
        // Checked again here, on the server: the page's policy is not the only guard of a write.
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Manager))
        {
            Snackbar.Add("Only managers can delete labels from this list.", Severity.Error);
            return;
        }

        if (_busy)
        {
            return;
        }

        // Confirmed first, as every Delete Label(s): a deleted label cannot be bought back, and the list
        // moves under the pointer after each deletion (a double click once deleted two rows' labels).
        _busy = true;
        try
        {
            var dialog = await Dialogs.ShowAsync<OrderCommentDialog>("Delete Label(s)", new DialogParameters<OrderCommentDialog>
            {
                { d => d.Title, "Delete Label(s)" },
                { d => d.Message, $"Order {row.OrderNumber}'s {row.Carrier} label (tracking {row.TrackingNumber}) will be deleted and its units " +
                    "return to the shelf; the order stays cancelled. " + (row.IsOpen
                        ? $"A refund of {OrdoroLite.App.Features.Shared.Money.Format(row.CostCents)} is requested."
                        : $"{row.Carrier} will refuse its refund: {row.Outlook.Reason ?? "its refund window has closed"}.") },
                { d => d.ConfirmText, "Delete Label(s)" },
                { d => d.ConfirmColor, Color.Error },
            }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
            if (await dialog.Result is not { Canceled: false, Data: string comment })
            {
                return;
            }

            var outcome = await DeleteLabels.RunAsync([row.OrderNumber],
                string.IsNullOrWhiteSpace(comment) ? "Deleted from the list of labels kept on cancelled orders" : comment,
                await CurrentStaff.GetActorAsync());
            var order = outcome.Orders.Single();
            Snackbar.Add(order.Kind == OutcomeKind.Done
                    ? $"Order {row.OrderNumber}: {order.Message}.{(order.Warnings.Count > 0 ? " " + string.Join(" ", order.Warnings) : "")}"
                    : $"Order {row.OrderNumber} was skipped: {order.Message}.",
                order.Kind == OutcomeKind.Done && order.Warnings.Count == 0 ? Severity.Success : Severity.Warning);
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private string WindowText(KeptLabelRow row) => row switch
    {
        { ScannedAt: { } scanned } => $"Closed: scanned by {row.Carrier} {LocalTime.Format(scanned)}",
        { WindowClosesAt: { } closes } => (row.IsOpen ? "" : "Closed ") + LocalTime.Format(closes),
        _ => "No deadline while unscanned",
    };

    private string Days() => (_view.From, _view.To) switch
    {
        ({ } f, { } t) => $"from {f:yyyy-MM-dd} to {t:yyyy-MM-dd}",
        ({ } f, null) => $"on or after {f:yyyy-MM-dd}",
        (null, { } t) => $"on or before {t:yyyy-MM-dd}",
        _ => "",
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}

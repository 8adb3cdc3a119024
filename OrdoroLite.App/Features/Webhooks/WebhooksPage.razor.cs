using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Features.Webhooks;

/// <summary>Managers subscribe URLs to events (the signing secret is shown once), disable and enable them, and open their delivery logs.</summary>
public partial class WebhooksPage
{
    private IReadOnlyList<WebhookRow>? _rows;
    private Actor? _me;

    [Inject]
    private ManageWebhooks Webhooks { get; set; } = default!;

    [Inject]
    private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private LocalTime LocalTime { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentStaff.GetActorAsync();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await LocalTime.ResolveAsync())
        {
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _rows = await Webhooks.ListAsync(_me!);
        }
        catch (UnauthorizedAccessException e)
        {
            _rows = [];
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    /// <summary>
    /// Subscribes what the dialog returns. A refusal the manager can fix (a private address, a host
    /// DNS does not know) opens the dialog again with what was typed and why, instead of losing it.
    /// </summary>
    private async Task AddAsync()
    {
        AddWebhookDialog.Input? typed = null;
        string? error = null;
        while (true)
        {
            var dialog = await Dialogs.ShowAsync<AddWebhookDialog>("Add webhook",
                new DialogParameters<AddWebhookDialog> { { d => d.Typed, typed }, { d => d.Error, error } }, Options);
            if (await dialog.Result is not { Canceled: false, Data: AddWebhookDialog.Input input })
            {
                return;
            }

            try
            {
                var created = await Webhooks.SubscribeAsync(_me!, input.Url, input.Events);
                await LoadAsync();
                await Dialogs.ShowAsync<NewWebhookDialog>("Copy the signing secret",
                    new DialogParameters<NewWebhookDialog> { { d => d.Webhook, created } }, Options with { BackdropClick = false });
                return;
            }
            catch (DomainException e)
            {
                (typed, error) = (input, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                Snackbar.Add(e.Message, Severity.Error);
                return;
            }
        }
    }

    private async Task SetEnabledAsync(WebhookRow row, bool enabled)
    {
        try
        {
            await Webhooks.SetEnabledAsync(_me!, row.Id, enabled);
            Snackbar.Add($"{row.Url} {(enabled ? "enabled" : "disabled")}.", Severity.Success);
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private static DialogOptions Options => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

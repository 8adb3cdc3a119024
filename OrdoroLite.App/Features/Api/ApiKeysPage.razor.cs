using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.App.Features.Api;

/// <summary>Managers create, list and revoke API keys; a new key is shown once, in a dialog.</summary>
public partial class ApiKeysPage
{
    private IReadOnlyList<ApiKeyRow>? _rows;
    private Actor? _me;

    [Inject]
    private ManageApiKeys Keys { get; set; } = default!;

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
            _rows = await Keys.ListAsync(_me!);
        }
        catch (UnauthorizedAccessException e)
        {
            // No longer a manager while the page was open: the server says no; show nothing.
            _rows = [];
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateApiKeyDialog>("Create API key", Options);
        if (await dialog.Result is not { Canceled: false, Data: CreateApiKeyDialog.Input input })
        {
            return;
        }

        try
        {
            var created = await Keys.CreateAsync(_me!, input.Name, input.Scopes);
            await LoadAsync();
            await Dialogs.ShowAsync<NewApiKeyDialog>("Copy the new API key",
                new DialogParameters<NewApiKeyDialog> { { d => d.Key, created } }, Options with { BackdropClick = false });
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    private async Task RevokeAsync(ApiKeyRow key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke API key",
            $"Revoke \"{key.Name}\" ({key.Hint}…)? Programs using it are refused from their next request, on every server. This cannot be undone.",
            yesText: "Revoke", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            await Keys.RevokeAsync(_me!, key.Id);
            Snackbar.Add($"\"{key.Name}\" revoked.", Severity.Success);
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

using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Staff;

public partial class StaffPage
{
    private IReadOnlyList<StaffRow>? _rows;
    private Actor? _me;

    [Inject]
    private ManageStaff Staff { get; set; } = default!;

    [Inject]
    private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentStaff.GetActorAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _rows = await Staff.ListAsync(_me!);
        }
        catch (UnauthorizedAccessException e)
        {
            // Demoted or deactivated while the page was open: the server says no; show nothing.
            _rows = [];
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    /// <summary>
    /// Adds the person the dialog returns. A refusal the person can fix (a weak password, an email
    /// already in use) opens the dialog again with what they typed and why, instead of losing it.
    /// </summary>
    private async Task AddAsync()
    {
        NewStaffMember? typed = null;
        string? error = null;
        while (true)
        {
            var dialog = await Dialogs.ShowAsync<AddStaffDialog>("Add staff",
                new DialogParameters<AddStaffDialog> { { d => d.Typed, typed }, { d => d.Error, error } });
            if (await dialog.Result is not { Canceled: false, Data: NewStaffMember person })
            {
                return;
            }

            try
            {
                await Staff.AddAsync(_me!, person);
                Snackbar.Add($"{person.DisplayName.Trim()} added.", Severity.Success);
                await LoadAsync();
                return;
            }
            catch (DomainException e)
            {
                (typed, error) = (person, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                Snackbar.Add(e.Message, Severity.Error);
                return;
            }
        }
    }

    private Task ChangeRoleAsync(StaffRow row, string role) =>
        RunAsync(() => Staff.ChangeRoleAsync(_me!, row.Id, role), $"{row.DisplayName} is now {role} (from their next sign-in).");

    private async Task ResetPasswordAsync(StaffRow row)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.PersonName, row.DisplayName } };
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>("Reset password", parameters);
        if (await dialog.Result is { Canceled: false, Data: string password })
        {
            await RunAsync(() => Staff.ResetPasswordAsync(_me!, row.Id, password), $"Password of {row.DisplayName} reset.");
        }
    }

    private Task SetActiveAsync(StaffRow row, bool active) =>
        RunAsync(() => Staff.SetActiveAsync(_me!, row.Id, active), $"{row.DisplayName} {(active ? "reactivated" : "deactivated")}.");

    private async Task RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }

        await LoadAsync();
    }
}

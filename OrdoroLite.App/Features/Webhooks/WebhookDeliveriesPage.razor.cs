using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Features.Webhooks;

/// <summary>One subscription's delivery log: each event's state, attempts, last response and time, with "Redeliver".</summary>
public partial class WebhookDeliveriesPage
{
    private readonly List<BreadcrumbItem> _crumbs = [new("Webhooks", "/settings/webhooks"), new("Delivery log", null, disabled: true)];
    private bool _loading = true;
    private WebhookRow? _subscription;
    private IReadOnlyList<WebhookDeliveryRow> _deliveries = [];
    private Actor? _me;

    /// <summary>The subscription's id, from the route.</summary>
    [Parameter]
    public int Id { get; set; }

    [Inject]
    private ManageWebhooks Webhooks { get; set; } = default!;

    [Inject]
    private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private LocalTime LocalTime { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _me ??= await CurrentStaff.GetActorAsync();
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
            var log = await Webhooks.LogAsync(_me!, Id);
            _subscription = log?.Subscription;
            _deliveries = log?.Deliveries ?? [];
        }
        catch (UnauthorizedAccessException e)
        {
            _subscription = null;
            Snackbar.Add(e.Message, Severity.Error);
        }

        _loading = false;
    }

    private async Task RedeliverAsync(WebhookDeliveryRow delivery)
    {
        try
        {
            await Webhooks.RedeliverAsync(_me!, delivery.Id);
            Snackbar.Add($"{delivery.WebhookId} will be sent again within moments.", Severity.Success);
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private static Color StateColor(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Delivered => Color.Success,
        WebhookDeliveryState.Failed => Color.Error,
        _ => Color.Warning,
    };

    private string StateText(WebhookDeliveryRow d) => d.State switch
    {
        WebhookDeliveryState.Delivered => "Delivered",
        WebhookDeliveryState.Failed => "Failed (gave up)",
        _ when d.Attempts == 0 => "Pending",
        _ => $"Retrying, next {LocalTime.Format(d.NextAttemptAt)}",
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

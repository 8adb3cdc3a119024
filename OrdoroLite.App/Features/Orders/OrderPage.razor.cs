using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

public partial class OrderPage
{
    private OrderDetailsView? _order;
    private bool _loading = true;
    private string _comment = "";
    private string? _commentError;
    private bool _saving;
    private int _loadedNumber;

    [Parameter]
    public int Number { get; set; }

    [Inject]
    private OrderDetails Details { get; set; } = default!;

    [Inject]
    private AddComment AddComment { get; set; } = default!;

    [Inject]
    private CurrentStaff CurrentStaff { get; set; } = default!;

    [Inject]
    private LocalTime LocalTime { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool CommentTooLong => _comment.Trim().Length > Comment.MaxLength;

    /// <summary>Reloads the order; the actions menu calls this after it changed the order.</summary>
    public async Task ReloadAsync()
    {
        _order = await Details.FindAsync(Number);
        StateHasChanged();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedNumber == Number && _order is not null)
        {
            return;
        }

        _loading = true;
        _comment = "";
        _commentError = null;
        _order = await Details.FindAsync(Number);
        _loadedNumber = Number;
        _loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await LocalTime.ResolveAsync())
        {
            StateHasChanged();
        }
    }

    private async Task AddCommentAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        _commentError = null;
        try
        {
            var actor = await CurrentStaff.GetActorAsync();
            await AddComment.RunAsync(Number, _comment, actor);
            _comment = "";
            Snackbar.Add("Comment added.", Severity.Success);
            _order = await Details.FindAsync(Number);
        }
        catch (Exception e) when (e is DomainException or UnauthorizedAccessException)
        {
            _commentError = e.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private static string Money(long cents) => OrdoroLite.App.Features.Shared.Money.Format(cents);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Describe(InventoryChangeView change)
    {
        var parts = new List<string>(2);
        if (change.PhysicalOnHandDelta != 0)
        {
            parts.Add($"Physical On Hand {change.PhysicalOnHandDelta:+0;-0}");
        }

        if (change.CommittedDelta != 0)
        {
            parts.Add($"Committed {change.CommittedDelta:+0;-0}");
        }

        return $"{change.Sku} at {change.WarehouseName}: {(parts.Count == 0 ? "no change" : string.Join(", ", parts))}";
    }

    private static Color StatusColor(OrderStatus status) => status switch
    {
        OrderStatus.Cancelled => Color.Error,
        OrderStatus.Shipped => Color.Success,
        _ => Color.Info,
    };
}

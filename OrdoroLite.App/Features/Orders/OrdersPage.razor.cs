using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// The Orders tab: the status sub-tab comes from the URL (<c>?tab=cancelled</c>), everything else
/// (page, sort, search, filters, selection) lives in the circuit. Each load is one call to
/// <see cref="OrderGrid"/>, which returns the page, its total and the tab counts together.
/// </summary>
public partial class OrdersPage
{
    internal static readonly IReadOnlyDictionary<OrderTab, string> TabKeys = new Dictionary<OrderTab, string>
    {
        [OrderTab.AwaitingFulfillment] = "awaiting",
        [OrderTab.DropshipmentRequested] = "dropship",
        [OrderTab.Shipped] = "shipped",
        [OrderTab.Cancelled] = "cancelled",
        [OrderTab.All] = "all",
    };

    private OrderTab _tab = OrderTab.AwaitingFulfillment;
    private bool _tabLoaded;
    private int _page;
    private int _pageSize = 50;
    private OrderSort _sort = OrderSort.Date;
    private bool _descending = true;
    private string? _search;
    private string? _channel;
    private int? _warehouseId;
    private CancellationFilter? _cancellation;
    private string? _appliedUrlFilters;
    private IReadOnlyList<OrderGridRow> _rows = [];
    private IReadOnlyDictionary<OrderTab, int>? _counts;
    private int _total;
    private bool _totalCapped;
    private bool _loading = true;
    private int _loadVersion;
    private HashSet<int> _selected = [];
    private OrderGridFilters _filters = new([], [], []);
    private BulkOutcome? _lastOutcome;

    [Inject]
    private OrderGrid Grid { get; set; } = default!;

    [Inject]
    private OrderChanges Changes { get; set; } = default!;

    [Inject]
    private OrdoroLite.App.Features.Shared.LocalTime TimeZone { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<OrdersPage> Logger { get; set; } = default!;

    /// <summary>The sub-tab: awaiting, dropship, shipped, cancelled or all.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? TabKey { get; set; }

    // Filters a link can carry, e.g. from the cancellation report: /orders?tab=cancelled&reason=OutOfStock.
    [SupplyParameterFromQuery(Name = "channel")]
    public string? ChannelKey { get; set; }

    [SupplyParameterFromQuery(Name = "warehouse")]
    public int? WarehouseKey { get; set; }

    [SupplyParameterFromQuery(Name = "reason")]
    public string? ReasonKey { get; set; }

    [SupplyParameterFromQuery(Name = "staff")]
    public string? StaffKey { get; set; }

    [SupplyParameterFromQuery(Name = "sku")]
    public string? SkuKey { get; set; }

    private int PageCount => Math.Max(1, (int)Math.Ceiling(_total / (double)_pageSize));

    private string RangeText => _total == 0
        ? "0 orders"
        : $"{(_page * _pageSize) + 1:N0}–{Math.Min(_total, (_page + 1) * _pageSize):N0} of {_total:N0}{(_totalCapped ? "+" : "")}";

    protected override async Task OnInitializedAsync()
    {
        Changes.Changed += OnOrdersChanged;
        _filters = await Grid.FiltersAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var tab = TabKeys.FirstOrDefault(k => string.Equals(k.Value, TabKey, StringComparison.OrdinalIgnoreCase)).Key;
        var filtersChanged = ApplyUrlFilters();
        if (!_tabLoaded || tab != _tab || filtersChanged)
        {
            _tabLoaded = true;
            _tab = tab;
            _page = 0;
            _selected = [];
            await LoadAsync();
        }
    }

    /// <summary>Takes the filters a link carries; a plain tab link keeps the filters chosen on screen.</summary>
    private bool ApplyUrlFilters()
    {
        var key = string.Join("|", ChannelKey, WarehouseKey, ReasonKey, StaffKey, SkuKey);
        if (key == _appliedUrlFilters)
        {
            return false;
        }

        _appliedUrlFilters = key;
        _channel = ChannelKey ?? _channel;
        _warehouseId = WarehouseKey ?? _warehouseId;
        if (ReasonKey is not null || StaffKey is not null || SkuKey is not null)
        {
            var withoutReason = string.Equals(ReasonKey, "none", StringComparison.OrdinalIgnoreCase);
            var reason = !withoutReason && Enum.TryParse<CancelReason>(ReasonKey, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : (CancelReason?)null;
            _cancellation = new CancellationFilter(reason, withoutReason, StaffKey, SkuKey);
        }

        return true;
    }

    private Task ClearCancellationFilterAsync()
    {
        _cancellation = null;
        return ReloadFromFirstPageAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await TimeZone.ResolveAsync())
        {
            StateHasChanged();
        }
    }

    private string TabText(OrderTab tab) =>
        _counts is null ? tab.DisplayName() : $"{tab.DisplayName()} ({_counts[tab]:N0})";

    private string WarehouseName(int? id) =>
        _filters.Warehouses.FirstOrDefault(w => w.Id == id)?.Name ?? "";

    // Only a person's click moves to another tab: MudTabs also reports index changes while its
    // panels register, and navigating then (during prerendering) fails.
    private Task OnTabClickedAsync(TabInteractionEventArgs click)
    {
        var tab = (OrderTab)click.PanelIndex;
        if (click.InteractionType == TabInteractionType.Activate && tab != _tab && RendererInfo.IsInteractive)
        {
            // The URL carries the tab, so it can be bookmarked; OnParametersSet does the loading.
            Navigation.NavigateTo($"/orders?tab={TabKeys[tab]}");
        }

        return Task.CompletedTask;
    }

    private Task OnSearchChangedAsync(string? search)
    {
        _search = search;
        return ReloadFromFirstPageAsync();
    }

    private Task OnChannelChangedAsync(string? channel)
    {
        _channel = channel;
        return ReloadFromFirstPageAsync();
    }

    private Task OnWarehouseChangedAsync(int? warehouseId)
    {
        _warehouseId = warehouseId;
        return ReloadFromFirstPageAsync();
    }

    private Task OnPageSizeChangedAsync(int size)
    {
        _pageSize = size;
        return ReloadFromFirstPageAsync();
    }

    private Task OnSortChangedAsync((OrderSort Sort, bool Descending) sort)
    {
        (_sort, _descending) = sort;
        return ReloadFromFirstPageAsync();
    }

    private Task OnPageChangedAsync(int page)
    {
        _page = page - 1;
        return LoadAsync();
    }

    private Task ReloadFromFirstPageAsync()
    {
        _page = 0;
        return LoadAsync();
    }

    // No reload here: the menu's change notice (OnOrdersChanged) already reloads this page too.
    private void OnActionDone(BulkOutcome outcome)
    {
        _lastOutcome = outcome;
        _selected = [];
    }

    /// <summary>New orders came in: every open screen recounts and refreshes.</summary>
    private Task OnImportedAsync()
    {
        Changes.Publish([]);
        return Task.CompletedTask;
    }

    /// <summary>Another screen (or this one) changed orders: refresh rows and counts, keep the selection.</summary>
    private async void OnOrdersChanged(IReadOnlyCollection<int> orderNumbers)
    {
        try
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
        catch (Exception e)
        {
            // An event handler must never take the circuit (or the publisher) down with it.
            Logger.LogWarning(e, "Refreshing the Orders grid after a change failed");
        }
    }

    private async Task LoadAsync()
    {
        var version = ++_loadVersion;
        _loading = true;
        try
        {
            var page = await Grid.LoadAsync(new OrderGridRequest(
                _tab, _page, _pageSize, _sort, _descending, _search, _channel, _warehouseId, _cancellation));
            if (version != _loadVersion)
            {
                return; // A newer load started meanwhile; its result wins.
            }

            if (page.Rows.Count == 0 && _page > 0 && page.TotalCount > 0)
            {
                // The page emptied (its orders left this tab): show the last page that has rows.
                _page = (page.TotalCount - 1) / _pageSize;
                await LoadAsync();
                return;
            }

            _rows = page.Rows;
            _total = page.TotalCount;
            _totalCapped = page.TotalIsCapped;
            _counts = page.TabCounts;
            // The selection never holds orders that are not on screen.
            _selected = _rows.Where(r => _selected.Contains(r.Number)).Select(r => r.Number).ToHashSet();
        }
        catch (DomainException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            if (version == _loadVersion)
            {
                _loading = false;
            }
        }
    }

    public void Dispose() => Changes.Changed -= OnOrdersChanged;
}

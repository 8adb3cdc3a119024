using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Orders;

/// <summary>
/// The Orders tab. What it shows — tab, search, filters, sort, page, page size — is the URL
/// (<see cref="OrdersView"/>): a control navigates, and the page loads what the URL says, so a link
/// or a bookmark opens the same view. The circuit keeps only the page's rows and the selection
/// (<see cref="OrderSelection"/>): a few numbers, or a view's filter. Each load is one call to
/// <see cref="OrderGrid"/>, which returns the page, its total and the tab counts together.
/// </summary>
public partial class OrdersPage
{
    private OrdersView _view = new();
    private bool _loaded;
    private IReadOnlyList<OrderGridRow> _rows = [];
    private IReadOnlyDictionary<OrderTab, int>? _counts;
    private int _total;
    private bool _totalCapped;
    private bool _loading = true;
    private int _loadVersion;
    private OrderSelection _selection = OrderSelection.None;
    private OrderGridFilters _filters = new([], [], []);
    private ActionDone? _lastOutcome;
    private bool _filtersOpen;
    private string? _linkNotice;
    private PersistingComponentStateSubscription _persisting;
    private KeptSelection? _pendingSelection;

    [Inject] private OrderGrid Grid { get; set; } = default!;

    [Inject] private OrderChanges Changes { get; set; } = default!;

    [Inject] private OrdoroLite.App.Features.Shared.LocalTime TimeZone { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<OrdersPage> Logger { get; set; } = default!;

    [Inject] private PersistentComponentState PageState { get; set; } = default!;

    // The view's query keys. Blazor sets these when the query changes, which is what makes
    // OnParametersSet run; the view itself is parsed from the whole URL (OrdersView.Parse).
    [SupplyParameterFromQuery(Name = "tab")] public string? TabKey { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? SearchKey { get; set; }

    [SupplyParameterFromQuery(Name = "channel")] public string? ChannelKey { get; set; }

    [SupplyParameterFromQuery(Name = "warehouse")] public string? WarehouseKey { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? FromKey { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? ToKey { get; set; }

    [SupplyParameterFromQuery(Name = "sku")] public string? SkuKey { get; set; }

    [SupplyParameterFromQuery(Name = "reason")] public string? ReasonQueryKey { get; set; }

    [SupplyParameterFromQuery(Name = "staff")] public string? StaffKey { get; set; }

    [SupplyParameterFromQuery(Name = "cancelledFrom")] public string? CancelledFromKey { get; set; }

    [SupplyParameterFromQuery(Name = "cancelledTo")] public string? CancelledToKey { get; set; }

    [SupplyParameterFromQuery(Name = "sort")] public string? SortKey { get; set; }

    [SupplyParameterFromQuery(Name = "dir")] public string? DirectionKey { get; set; }

    [SupplyParameterFromQuery(Name = "page")] public string? PageKey { get; set; }

    [SupplyParameterFromQuery(Name = "size")] public string? SizeKey { get; set; }

    private int PageCount => Math.Max(1, (int)Math.Ceiling(_total / (double)_view.PageSize));

    private string RangeText => _total == 0
        ? "0 orders"
        : $"{(_view.Page * _view.PageSize) + 1:N0}–{Math.Min(_total, (_view.Page + 1) * _view.PageSize):N0} of {_total:N0}{(_totalCapped ? "+" : "")}";

    private string SelectedText
    {
        get
        {
            var text = $"{_selection.Count:N0}{(_selection.CountIsCapped ? "+" : "")} selected";
            var onPage = _rows.Select(r => r.Number).ToHashSet();
            var offPage = _selection is OrderSelection.Ticked ticked ? ticked.Numbers.Count(n => !onPage.Contains(n)) : 0;
            return offPage > 0 ? $"{text} ({offPage:N0} not on this page)" : text;
        }
    }

    private bool AllOnPageSelected => _rows.Count > 0 && _rows.All(r => _selection.Contains(r.Number));

    // Offered once the whole page is ticked and the view holds more than the page (Gmail's way).
    private bool CanSelectAllMatching =>
        _selection is OrderSelection.Ticked && AllOnPageSelected && _total > _rows.Count && _total <= OrderJobs.MaxOrders;

    private string? BannerText => _selection switch
    {
        OrderSelection.AllMatching all => $"All {all.Matching:N0}{(all.CountIsCapped ? "+" : "")} orders matching this view are selected"
            + (all.Unticked.Count > 0 ? $", less {all.Unticked.Count:N0} unticked." : "."),
        OrderSelection.Ticked when AllOnPageSelected && _total > _rows.Count && _total > OrderJobs.MaxOrders =>
            $"All {_rows.Count:N0} orders on this page are selected. {_total:N0} orders match this view, more than one action takes ({OrderJobs.MaxOrders:N0}): narrow it, e.g. with a date range, to act on all of them.",
        OrderSelection.Ticked when CanSelectAllMatching => $"All {_rows.Count:N0} orders on this page are selected.",
        _ => null,
    };

    /// <summary>How many filters other than the search are set (shown on the phone's folded filters).</summary>
    private int ActiveFilters => new object?[]
    {
        _view.Channel, _view.WarehouseId, _view.From ?? _view.To, _view.Sku,
        _view.WithoutReason ? "none" : _view.Reason, _view.Staff, _view.CancelledFrom ?? _view.CancelledTo,
    }.Count(f => f is not null);

    private string? ReasonKey => _view.WithoutReason ? "none" : _view.Reason?.ToString();

    protected override async Task OnInitializedAsync()
    {
        Changes.Changed += OnOrdersChanged;
        // An idle tab's circuit is paused and later resumed on a new one (ReconnectModal.razor.js):
        // the view comes back from the URL, the selection from here.
        _persisting = PageState.RegisterOnPersisting(KeepSelection, Microsoft.AspNetCore.Components.Web.RenderMode.InteractiveServer);
        if (PageState.TryTakeFromJson<KeptSelection>(KeptSelection.Key, out var kept) && kept is not null)
        {
            _pendingSelection = kept;
        }

        _filters = await Grid.FiltersAsync();
    }

    private Task KeepSelection()
    {
        if (_selection.IsEmpty)
        {
            return Task.CompletedTask;
        }

        PageState.PersistAsJson(KeptSelection.Key, _selection switch
        {
            OrderSelection.AllMatching all => new KeptSelection([], true, all.Matching, all.MatchingIsCapped, [.. all.Unticked]),
            OrderSelection.Ticked ticked => new KeptSelection([.. ticked.Numbers], false, 0, false, []),
            _ => throw new InvalidOperationException($"Unknown selection {_selection.GetType().Name}."),
        });
        return Task.CompletedTask;
    }

    // A link, a bookmark, Back or Forward: show what the URL says (a control's own change is shown already).
    protected override async Task OnParametersSetAsync()
    {
        var view = WithKnownWarehouse(OrdersView.Parse(Navigation.Uri));
        if (!_loaded || view != _view)
        {
            await ShowAsync(view);
        }
    }

    /// <summary>
    /// A link's warehouse that is not the number of a warehouse here (abc, 99999999999, an unknown
    /// id) is not applied: the page shows every warehouse and says so (docs/orders-grid.md).
    /// </summary>
    private OrdersView WithKnownWarehouse(OrdersView view)
    {
        _linkNotice = null;
        if (WarehouseKey is null || (view.WarehouseId is { } id && _filters.Warehouses.Any(w => w.Id == id)))
        {
            return view;
        }

        _linkNotice = $"This link's warehouse \"{WarehouseKey}\" is not the number of a warehouse here; showing every warehouse.";
        return view with { WarehouseId = null };
    }

    private Task ShowAsync(OrdersView view)
    {
        if (_selection is OrderSelection.AllMatching && !view.MatchesSameOrdersAs(_view))
        {
            // "All matching this view" was about the old view; ticked numbers follow the person anywhere.
            _selection = OrderSelection.None;
        }

        _view = view;
        _loaded = true;
        if (_pendingSelection is { } kept)
        {
            // "All matching" was made in this very view: a selection is dropped whenever the view stops matching it.
            _selection = kept.AllMatching
                ? new OrderSelection.AllMatching(_view.ToRequest(TimeZone.Zone), kept.Matching, kept.MatchingIsCapped, [.. kept.Unticked])
                : new OrderSelection.Ticked([.. kept.Ticked]);
            _pendingSelection = null;
        }

        return LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await TimeZone.ResolveAsync())
        {
            // The date filters are the viewer's days: now that their zone is known, count in it.
            if (_view.HasDates)
            {
                if (_selection is OrderSelection.AllMatching all)
                {
                    _selection = all with { View = _view.ToRequest(TimeZone.Zone) };
                }

                await LoadAsync();
            }

            StateHasChanged();
        }
    }

    private string TabText(OrderTab tab) =>
        _counts is null ? tab.DisplayName() : $"{tab.DisplayName()} ({_counts[tab]:N0})";

    private string WarehouseName(int? id) =>
        _filters.Warehouses.FirstOrDefault(w => w.Id == id)?.Name ?? "";

    private static string ReasonName(string? key) =>
        key is null ? "" : key == "none" ? "No reason given" : Enum.TryParse<CancelReason>(key, out var r) ? r.DisplayName() : key;

    private static DateTime? Date(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? Day(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    /// <summary>
    /// Shows another view and puts it in the URL. The view is taken before navigating, so the
    /// controls re-render with their new values at once (a date picker handed its old value back
    /// resets itself) and OnParametersSet, seeing the same view in the URL, loads nothing twice.
    /// </summary>
    private Task Go(OrdersView view, bool replace = false)
    {
        if (!RendererInfo.IsInteractive || view == _view)
        {
            return Task.CompletedTask;
        }

        var showing = ShowAsync(view);
        Navigation.NavigateTo(view.ToUrl(), replace: replace);
        return showing;
    }

    /// <summary>
    /// A new search, filter, sort or page size: the view goes to its first page. A control that reports
    /// the value it already shows changes nothing — a date picker handed a new view by Back or a link
    /// reports its date again, and going to page 1 then dropped the page the URL names.
    /// </summary>
    private Task Refilter(OrdersView changed, bool replace = false) =>
        changed with { Page = _view.Page } == _view ? Task.CompletedTask : Go(changed with { Page = 0 }, replace);

    // Only a person's click moves to another tab: MudTabs also reports index changes while its
    // panels register, and navigating then (during prerendering) fails.
    private Task OnTabClickedAsync(TabInteractionEventArgs click)
    {
        var tab = (OrderTab)click.PanelIndex;
        return click.InteractionType == TabInteractionType.Activate && tab != _view.Tab ? Go(_view.WithTab(tab)) : Task.CompletedTask;
    }

    // Typing replaces the history entry rather than adding one per pause.
    private Task OnSearchChanged(string? search) =>
        Refilter(_view with { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() }, replace: true);

    // Days picked the wrong way round are swapped, rather than making a range of nothing.
    private Task OnOrderDatesChanged(DateOnly? from, DateOnly? to) =>
        Refilter(from > to ? _view with { From = to, To = from } : _view with { From = from, To = to });

    private Task OnCancelledDatesChanged(DateOnly? from, DateOnly? to) =>
        Refilter(from > to ? _view with { CancelledFrom = to, CancelledTo = from } : _view with { CancelledFrom = from, CancelledTo = to });

    private Task OnReasonChanged(string? key) => Refilter(_view with
    {
        WithoutReason = key == "none",
        Reason = Enum.TryParse<CancelReason>(key, out var reason) ? reason : null,
    });

    private Task OnSortChanged((OrderSort Sort, bool Descending) sort) =>
        Refilter(_view with { Sort = sort.Sort, Descending = sort.Descending });

    // The phone's sort control: every sort of the tab in both directions, in the headers' words.
    private static readonly (OrderSort Sort, bool Descending, string Name)[] Sorts =
    [
        (OrderSort.CancelledAt, true, "Cancelled, newest first"),
        (OrderSort.CancelledAt, false, "Cancelled, oldest first"),
        (OrderSort.Date, true, "Order date, newest first"),
        (OrderSort.Date, false, "Order date, oldest first"),
        (OrderSort.Number, true, "Order number, highest first"),
        (OrderSort.Number, false, "Order number, lowest first"),
        (OrderSort.Customer, false, "Customer, A to Z"),
        (OrderSort.Customer, true, "Customer, Z to A"),
        (OrderSort.Total, true, "Total, largest first"),
        (OrderSort.Total, false, "Total, smallest first"),
    ];

    private IEnumerable<(OrderSort Sort, bool Descending, string Name)> SortChoices =>
        Sorts.Where(s => OrdersView.Offers(_view.Tab, s.Sort));

    private static string SortChoiceKey(OrderSort sort, bool descending) => $"{sort}:{(descending ? "desc" : "asc")}";

    private static (OrderSort Sort, bool Descending, string Name) SortChoice(string? key) =>
        Sorts.FirstOrDefault(s => SortChoiceKey(s.Sort, s.Descending) == key);

    private static string SortChoiceName(string? key) => SortChoice(key).Name ?? "";

    private Task OnSortChosen(string? key) =>
        SortChoice(key) is { Name: not null } chosen ? OnSortChanged((chosen.Sort, chosen.Descending)) : Task.CompletedTask;

    private void Toggle((int Number, bool Selected) change) => _selection = _selection.With(change.Number, change.Selected);

    private void TogglePage(bool selected)
    {
        var page = _rows.Select(r => r.Number);
        _selection = _selection switch
        {
            OrderSelection.Ticked ticked => ticked.WithAll(page, selected),
            // Unticking the page of an "all matching" selection clears it: the header box says "all".
            OrderSelection.AllMatching all when selected => all with { Unticked = all.Unticked.Except(page) },
            _ => OrderSelection.None,
        };
    }

    private void SelectAllMatching() =>
        _selection = new OrderSelection.AllMatching(_view.ToRequest(TimeZone.Zone), _total, _totalCapped, []);

    private void ClearSelection() => _selection = OrderSelection.None;

    // No reload here: the menu's change notice (OnOrdersChanged) already reloads this page too.
    private void OnActionDone(ActionDone done)
    {
        _lastOutcome = done.Outcome is null ? null : done;
        _selection = OrderSelection.None;
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
            var page = await Grid.LoadAsync(_view.ToRequest(TimeZone.Zone));
            if (version != _loadVersion)
            {
                return; // A newer load started meanwhile; its result wins.
            }

            if (page.Rows.Count == 0 && _view.Page > 0 && page.TotalCount > 0)
            {
                // Past the last page (its orders left the view, or an old link): show the last page that has rows.
                _view = _view with { Page = (page.TotalCount - 1) / _view.PageSize };
                if (RendererInfo.IsInteractive)
                {
                    Navigation.NavigateTo(_view.ToUrl(), replace: true);
                }

                await LoadAsync();
                return;
            }

            _rows = page.Rows;
            _total = page.TotalCount;
            _totalCapped = page.TotalIsCapped;
            _counts = page.TabCounts;
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

    public void Dispose()
    {
        Changes.Changed -= OnOrdersChanged;
        _persisting.Dispose();
    }

    /// <summary>The selection as persisted while an idle tab's circuit is paused: numbers, or "all matching the URL's view" less some.</summary>
    private sealed record KeptSelection(int[] Ticked, bool AllMatching, int Matching, bool MatchingIsCapped, int[] Unticked)
    {
        public const string Key = "orders-selection";
    }
}

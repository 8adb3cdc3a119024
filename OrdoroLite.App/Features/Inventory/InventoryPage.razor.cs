using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrdoroLite.Domain.Inventory;

namespace OrdoroLite.App.Features.Inventory;

public partial class InventoryPage
{
    private static readonly int[] PageSizeOptions = [.. InventoryQuery.PageSizes];

    private MudTable<InventoryRow>? _table;
    private IReadOnlyList<WarehouseOption> _warehouses = [];
    private string? _search;
    private int _warehouseId;

    [Inject]
    private InventoryQuery Query { get; set; } = default!;

    private bool IsFiltered => !string.IsNullOrWhiteSpace(_search) || _warehouseId != 0;

    protected override async Task OnInitializedAsync()
    {
        _warehouses = await Query.WarehousesAsync();
    }

    private async Task<TableData<InventoryRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var sort = Enum.TryParse<InventorySort>(state.SortLabel, out var parsed) ? parsed : InventorySort.Sku;
        var page = await Query.PageAsync(new InventoryRequest(
            _search,
            _warehouseId == 0 ? null : _warehouseId,
            sort,
            state.SortDirection == SortDirection.Descending,
            state.Page,
            state.PageSize), ct);
        return new TableData<InventoryRow> { Items = page.Rows, TotalItems = page.TotalCount };
    }

    private async Task OnSearchChangedAsync(string? text)
    {
        _search = text;
        await ReloadFromFirstPageAsync();
    }

    private async Task OnWarehouseChangedAsync(int warehouseId)
    {
        _warehouseId = warehouseId;
        await ReloadFromFirstPageAsync();
    }

    private async Task ReloadFromFirstPageAsync()
    {
        if (_table is null)
        {
            return;
        }

        // A new filter starts at page one, or a short result would look empty.
        _table.NavigateTo(0);
        await _table.ReloadServerData();
    }
}

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.App.Features.Reports;

public sealed partial class CancellationReportPage : IAsyncDisposable
{
    public const string DownloadModulePath = "./js/download.js";

    private PeriodPreset _preset = PeriodPreset.Last30Days;
    private ReportGrouping _grouping = ReportGrouping.Day;
    private DateTime? _customFirst;
    private DateTime? _customLast;
    private ReportPeriod? _period;
    private string _zoneName = "UTC";
    private CancellationReportResult? _report;
    private string? _error;
    private List<ChartSeries<double>> _chartSeries = [];
    private string[] _chartLabels = [];
    private IJSObjectReference? _download;

    [Inject] private CancellationReport Report { get; set; } = null!;

    [Inject] private LocalTime LocalTime { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    [Inject] private IJSRuntime Js { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private int PeriodDays => _period is null ? 0 : _period.LastDay.DayNumber - _period.FirstDay.DayNumber + 1;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The period is in the manager's local dates, and the browser's zone is known only once rendered.
        if (firstRender)
        {
            await LocalTime.ResolveAsync();
            var today = Today();
            _customFirst = today.AddDays(-29).ToDateTime(TimeOnly.MinValue);
            _customLast = today.ToDateTime(TimeOnly.MinValue);
            await LoadAsync();
            StateHasChanged();
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(LocalTime.ToLocal(Clock.GetUtcNow()).DateTime);

    private async Task LoadAsync()
    {
        var zone = LocalTime.Zone;
        _zoneName = LocalTime.ZoneName;
        _period = ReportPeriod.For(_preset, Today(),
            _customFirst is { } first ? DateOnly.FromDateTime(first) : null,
            _customLast is { } last ? DateOnly.FromDateTime(last) : null);
        if (!_period.IsValid)
        {
            _error = "The last day of the range must not come before its first day.";
            return;
        }

        try
        {
            _error = null;
            _report = await Report.RunAsync(new CancellationReportRequest(_period.FromUtc(zone), _period.ToUtc(zone), _grouping));
            _chartLabels = EveryNthLabel(_report.Series.Select(b => Label(b.Start)).ToArray(), MaxAxisLabels);
            _chartSeries =
            [
                new ChartSeries<double>
                {
                    Name = "Cancellation rate (%)",
                    // An empty bucket has no rate: a gap in the line, not a zero.
                    Data = new ChartData<double>(_report.Series
                        .Select(b => b.Figures.Rate is { } r ? (double?)Math.Round((double)(r * 100m), 1) : null)
                        .ToList()),
                },
            ];
        }
        catch (DomainException e)
        {
            _error = e.Message;
        }
    }

    /// <summary>About as many labels as fit under the chart at 1280 px; 30 daily labels overlapped there.</summary>
    private const int MaxAxisLabels = 12;

    /// <summary>Keeps the first label and every n-th after it, blanking the rest so the points keep their places.</summary>
    private static string[] EveryNthLabel(string[] labels, int max)
    {
        var step = (labels.Length + max - 1) / max;
        return step <= 1 ? labels : labels.Select((label, i) => i % step == 0 ? label : "").ToArray();
    }

    private string Label(DateOnly start) => _grouping switch
    {
        ReportGrouping.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ReportGrouping.Week => "wk " + start.ToString("MM-dd", CultureInfo.InvariantCulture),
        _ => start.ToString("MM-dd", CultureInfo.InvariantCulture),
    };

    private async Task PresetChangedAsync(PeriodPreset preset)
    {
        _preset = preset;
        await LoadAsync();
    }

    private async Task GroupingChangedAsync(ReportGrouping grouping)
    {
        _grouping = grouping;
        await LoadAsync();
    }

    private async Task FirstDayChangedAsync(DateTime? day)
    {
        _customFirst = day;
        await LoadAsync();
    }

    private async Task LastDayChangedAsync(DateTime? day)
    {
        _customLast = day;
        await LoadAsync();
    }

    // Links to the Orders page's Cancelled tab, filtered to the row and to the report's period as
    // order dates (the report counts by order date): the list then holds the orders the row counts.
    private OrdersView Drill => OrdersView.For(OrderTab.Cancelled) with { From = _period?.FirstDay, To = _period?.LastDay };

    private string ChannelLink(ChannelRow row) => (Drill with { Channel = row.Channel }).ToUrl();

    private string WarehouseLink(WarehouseRow row) => (Drill with { WarehouseId = row.WarehouseId }).ToUrl();

    private string StaffLink(StaffRow row) => (Drill with { Staff = row.StaffName }).ToUrl();

    private string SkuLink(SkuRow row) => (Drill with { Sku = row.Sku }).ToUrl();

    private string ReasonLink(ReasonRow row) => (Drill with { Reason = row.Reason, WithoutReason = row.Reason is null }).ToUrl();

    private async Task ExportAsync(string table, Func<CancellationReportResult, string> toCsv)
    {
        if (_report is null || _period is null)
        {
            return;
        }

        var name = $"cancellations-{table}-{_period.FirstDay:yyyy-MM-dd}-to-{_period.LastDay:yyyy-MM-dd}.csv";
        // A byte-order mark so spreadsheets read accented names as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(toCsv(_report))).ToArray();
        try
        {
            _download ??= await Js.InvokeAsync<IJSObjectReference>("import", DownloadModulePath);
            await _download.InvokeVoidAsync("downloadFile", name, Convert.ToBase64String(bytes));
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException)
        {
            Snackbar.Add("The file could not be downloaded. Try again.", Severity.Error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_download is not null)
        {
            try
            {
                await _download.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }

    private static class CsvName
    {
        public const string Series = "over-time";
        public const string Reasons = "by-reason";
        public const string Channels = "by-channel";
        public const string Staff = "by-staff";
        public const string Skus = "by-sku";
        public const string Warehouses = "by-warehouse";
    }
}

using System.Globalization;
using CsvHelper;

namespace OrdoroLite.Domain.Reports;

/// <summary>The report's tables as CSV files (RFC 4180, invariant culture, rates as fractions).</summary>
public static class CancellationReportCsv
{
    // Staff names and SKUs are typed by people: a leading "=" must not become a spreadsheet formula.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static string Series(CancellationReportResult report) => Write(
        ["Bucket start (UTC)", "Orders placed", "Orders cancelled", "Cancellation rate"],
        report.Series.Select(string[] (b) => [b.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. Figures(b.Figures)]));

    public static string Reasons(CancellationReportResult report) => Write(
        ["Reason", "Orders cancelled", "Share of cancellations"],
        report.Reasons.Select(string[] (r) => [r.Name, Number(r.Cancelled), Fraction(r.Share)]));

    public static string Channels(CancellationReportResult report) => Write(
        ["Sales channel", "Orders placed", "Orders cancelled", "Cancellation rate"],
        report.Channels.Select(string[] (r) => [r.Channel, .. Figures(r.Figures)]));

    public static string Staff(CancellationReportResult report) => Write(
        ["Cancelled by", "Orders cancelled", "Kind"],
        report.Staff.Select(string[] (r) => [r.StaffName, Number(r.Cancelled), r.OnChannel ? "Sales channel" : "Staff"]));

    public static string Skus(CancellationReportResult report) => Write(
        ["SKU", "Orders placed", "Orders cancelled", "Cancellation rate", "Units cancelled"],
        report.Skus.Select(string[] (r) => [r.Sku, .. Figures(r.Figures), Number(r.UnitsCancelled)]));

    public static string Warehouses(CancellationReportResult report) => Write(
        ["Ship-from warehouse", "Orders placed", "Orders cancelled", "Cancellation rate"],
        report.Warehouses.Select(string[] (r) => [r.Warehouse, .. Figures(r.Figures)]));

    private static string[] Figures(RateFigures f) => [Number(f.Placed), Number(f.Cancelled), Fraction(f.Rate)];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // An empty rate is an empty field, not "—": a spreadsheet reads it as no value.
    private static string Fraction(decimal? value) =>
        value is { } v ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "";

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteHeader(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }

            csv.Flush();
        }

        return text.ToString();
    }
}

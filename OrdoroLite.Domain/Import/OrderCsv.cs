using System.Globalization;
using System.Text;
using CsvHelper;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Products;
using OrdoroLite.Domain.Warehouses;

namespace OrdoroLite.Domain.Import;

public sealed record ImportProblem(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"Line {Line}: {Message}" : Message;
}

public static class ImportLimits
{
    /// <summary>Big enough for 100,000 orders of one to three lines (about 25 MB).</summary>
    public const long MaxBytes = 50 * 1024 * 1024;
}

/// <summary>One row of the file: one line of one order, as typed.</summary>
internal sealed record CsvOrderLine(
    int Line,
    string Channel,
    string ChannelOrderId,
    DateTimeOffset OrderDate,
    string CustomerName,
    string CustomerEmail,
    Address ShipTo,
    string Warehouse,
    string Sku,
    int Quantity,
    long UnitPriceCents)
{
    public (string Channel, string ChannelOrderId) Key => (Channel, ChannelOrderId);

    /// <summary>The fields every row of one order must agree on.</summary>
    public object OrderFields => (OrderDate, CustomerName, CustomerEmail, ShipTo, Warehouse);
}

/// <summary>
/// Reads the order CSV format of docs/import.md. Collects every problem with its line number
/// instead of stopping at the first, so one round of fixes is enough.
/// </summary>
internal static class OrderCsv
{
    public const long MaxBytes = ImportLimits.MaxBytes;

    public static readonly string[] Columns =
    [
        "channel", "channel_order_id", "order_date", "customer_name", "customer_email",
        "ship_to_street", "ship_to_city", "ship_to_region", "ship_to_postal_code", "ship_to_country",
        "ship_from_warehouse", "sku", "quantity", "unit_price",
    ];

    private static readonly string[] Required = ["channel", "channel_order_id", "order_date", "customer_name", "ship_from_warehouse", "sku", "quantity", "unit_price"];

    public static async Task<(List<CsvOrderLine> Lines, List<ImportProblem> Problems)> ReadAsync(Stream file, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var bytes = await ReadLimitedAsync(file, ct);
        if (bytes is null)
        {
            return ([], [new ImportProblem(0, $"The file is larger than {MaxBytes / (1024 * 1024)} MB. Split it into smaller files.")]);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return ([], [new ImportProblem(0, $"The file is not UTF-8 text (invalid byte at position {e.Index}). Save it as UTF-8 CSV and try again.")]);
        }

        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], [new ImportProblem(0, "The file is empty.")]);
        }

        using var csv = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true });
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new ImportProblem(1, $"Missing column(s): {string.Join(", ", missing)}."));
        }

        if (unknown.Count > 0)
        {
            problems.Add(new ImportProblem(1, $"Unknown column(s): {string.Join(", ", unknown)}. The columns are: {string.Join(", ", Columns)}."));
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
        var lines = new List<CsvOrderLine>();
        try
        {
            while (csv.Read())
            {
                ct.ThrowIfCancellationRequested();
                var problem = ReadLine(csv, index, header.Length, out var orderLine);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
                else if (orderLine is not null)
                {
                    lines.Add(orderLine);
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new ImportProblem(0, $"The file is not valid CSV: {e.Message}"));
        }

        if (lines.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ImportProblem(0, "The file has a header but no order lines."));
        }

        problems.AddRange(Conflicts(lines));
        return (lines, problems);
    }

    private static ImportProblem? ReadLine(CsvReader csv, Dictionary<string, int> index, int width, out CsvOrderLine? orderLine)
    {
        orderLine = null;
        var line = (int)csv.LineNumber;
        if (csv.FieldCount != width)
        {
            return Enumerable.Range(0, csv.FieldCount).All(i => csv.IsEmpty(i))
                ? null
                : new ImportProblem(line, $"expected {width} fields, found {csv.FieldCount}.");
        }

        string Field(string column) => csv.GetString(index[column]).Trim();
        var problems = new List<string>();
        foreach (var column in Required.Where(c => Field(c).Length == 0))
        {
            problems.Add($"{column} is empty");
        }

        CheckLength(problems, "channel", Field("channel"), Order.ChannelMaxLength);
        CheckLength(problems, "channel_order_id", Field("channel_order_id"), Order.ChannelOrderIdMaxLength);
        CheckLength(problems, "customer_name", Field("customer_name"), Order.CustomerNameMaxLength);
        CheckLength(problems, "customer_email", Field("customer_email"), Order.EmailMaxLength);
        CheckLength(problems, "sku", Field("sku"), Product.SkuMaxLength);
        CheckLength(problems, "ship_from_warehouse", Field("ship_from_warehouse"), Warehouse.NameMaxLength);
        foreach (var part in new[] { "ship_to_street", "ship_to_city", "ship_to_region", "ship_to_postal_code", "ship_to_country" })
        {
            CheckLength(problems, part, Field(part), Address.FieldMaxLength);
        }

        var date = ParseDate(Field("order_date"), problems);
        var quantity = ParseQuantity(Field("quantity"), problems);
        var price = ParsePrice(Field("unit_price"), problems);
        if (problems.Count > 0)
        {
            return new ImportProblem(line, string.Join("; ", problems) + ".");
        }

        orderLine = new CsvOrderLine(line, Field("channel"), Field("channel_order_id"), date, Field("customer_name"),
            Field("customer_email"),
            new Address(Field("ship_to_street"), Field("ship_to_city"), Field("ship_to_region"), Field("ship_to_postal_code"), Field("ship_to_country")),
            Field("ship_from_warehouse"), Field("sku"), quantity, price);
        return null;
    }

    private static IEnumerable<ImportProblem> Conflicts(List<CsvOrderLine> lines) =>
        lines.GroupBy(l => l.Key)
            .SelectMany(order => order.Skip(1)
                .Where(l => !Equals(l.OrderFields, order.First().OrderFields))
                .Select(l => new ImportProblem(l.Line,
                    $"order {l.ChannelOrderId} from {l.Channel} has a different date, customer, ship-to or warehouse than on line {order.First().Line}.")));

    private static async Task<byte[]?> ReadLimitedAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static void CheckLength(List<string> problems, string column, string value, int max)
    {
        if (value.Length > max)
        {
            problems.Add($"{column} is {value.Length} characters long (at most {max})");
        }
    }

    private static DateTimeOffset ParseDate(string text, List<string> problems)
    {
        if (text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        if (text.Length > 0)
        {
            problems.Add($"order_date \"{text}\" is not a date (use 2026-11-26 or 2026-11-26T14:30:00Z)");
        }

        return default;
    }

    private static int ParseQuantity(string text, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) && quantity > 0)
        {
            return quantity;
        }

        if (text.Length > 0)
        {
            problems.Add($"quantity \"{text}\" must be a whole number of at least 1");
        }

        return 0;
    }

    private static long ParsePrice(string text, List<string> problems)
    {
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
            && price >= 0 && decimal.Round(price, 2) == price && price < 10_000_000m)
        {
            return (long)(price * 100);
        }

        if (text.Length > 0)
        {
            problems.Add($"unit_price \"{text}\" must be an amount like 19.99 (zero or more, at most 2 decimals)");
        }

        return 0;
    }
}

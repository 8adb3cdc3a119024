using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using OrdoroLite.Domain.Common;
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
    /// <summary>Big enough for 100,000 orders of one to three lines (about 25 MB); <see cref="Limits.MaxImportFileBytes"/>.</summary>
    public const long MaxBytes = Limits.MaxImportFileBytes;
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
    long UnitPriceCents,
    bool Cancelled = false)
{
    /// <summary>The order's identity, compared as keys (<see cref="Common.Keys"/>): rows of one order may differ in spelling.</summary>
    public (string Channel, string ChannelOrderId) Key => (Common.Keys.Of(Channel), Common.Keys.Of(ChannelOrderId));

    /// <summary>The fields every row of one order must agree on.</summary>
    public object OrderFields => (OrderDate, CustomerName, CustomerEmail, ShipTo, Common.Keys.Of(Warehouse));

    /// <summary>Everything but the line number: two rows with the same content are one row typed twice.</summary>
    public CsvOrderLine Content => this with
    {
        Line = 0,
        Channel = Common.Keys.Of(Channel),
        ChannelOrderId = Common.Keys.Of(ChannelOrderId),
        Warehouse = Common.Keys.Of(Warehouse),
        Sku = Common.Keys.Of(Sku),
    };
}

/// <summary>
/// Reads the order CSV format of docs/import.md. Collects every problem with its line number
/// instead of stopping at the first, so one round of fixes is enough. Every field is checked
/// against the format, length and range the docs give it (<see cref="Limits"/> for the numbers).
/// </summary>
internal static partial class OrderCsv
{
    public const long MaxBytes = ImportLimits.MaxBytes;

    public static readonly string[] Columns =
    [
        "channel", "channel_order_id", "order_date", "customer_name", "customer_email",
        "ship_to_street", "ship_to_city", "ship_to_region", "ship_to_postal_code", "ship_to_country",
        "ship_from_warehouse", "sku", "quantity", "unit_price",
    ];

    /// <summary>Columns a file may leave out: <c>status</c> (docs/import.md; empty or missing means open).</summary>
    public static readonly string[] OptionalColumns = ["status"];

    private static readonly string[] Required = ["channel", "channel_order_id", "order_date", "customer_name", "ship_from_warehouse", "sku", "quantity", "unit_price"];

    /// <summary>The text columns and their maximum lengths (those of the database columns).</summary>
    private static readonly (string Column, int MaxLength)[] TextColumns =
    [
        ("channel", Order.ChannelMaxLength),
        ("channel_order_id", Order.ChannelOrderIdMaxLength),
        ("customer_name", Order.CustomerNameMaxLength),
        ("customer_email", Order.EmailMaxLength),
        ("ship_to_street", Address.FieldMaxLength),
        ("ship_to_city", Address.FieldMaxLength),
        ("ship_to_region", Address.FieldMaxLength),
        ("ship_to_postal_code", Address.FieldMaxLength),
        ("ship_to_country", Address.FieldMaxLength),
        ("ship_from_warehouse", Warehouse.NameMaxLength),
        ("sku", Product.SkuMaxLength),
    ];

    /// <summary>ISO 8601 as docs/import.md gives it: a date, or a date and time with optional seconds, fraction and offset (Z or ±hh:mm).</summary>
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

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
        var unknown = header.Where(h => !Columns.Contains(h) && !OptionalColumns.Contains(h)).ToList();
        var repeated = header.Where(h => Columns.Contains(h) || OptionalColumns.Contains(h))
            .GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new ImportProblem(1, $"Missing column(s): {string.Join(", ", missing)}."));
        }

        if (unknown.Count > 0)
        {
            problems.Add(new ImportProblem(1,
                $"Unknown column(s): {string.Join(", ", unknown)}. The columns are: {string.Join(", ", Columns)}, and optionally {string.Join(", ", OptionalColumns)}."));
        }

        if (repeated.Count > 0)
        {
            problems.Add(new ImportProblem(1, $"Column(s) named more than once: {string.Join(", ", repeated)}. Each column comes once."));
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var index = Columns.Concat(OptionalColumns).ToDictionary(c => c, c => Array.IndexOf(header, c));
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
        problems.AddRange(Repeats(lines));
        problems.AddRange(OrdersOutOfRange(lines));
        problems.AddRange(FileOutOfRange(lines));
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

        // An optional column left out of the header reads as empty.
        string Field(string column) => index[column] < 0 ? "" : csv.GetString(index[column]).Trim();
        var problems = new List<string>();
        foreach (var column in Required.Where(c => Field(c).Length == 0))
        {
            problems.Add($"{column} is empty");
        }

        foreach (var (column, maxLength) in TextColumns)
        {
            CheckText(problems, column, Field(column), maxLength);
        }

        CheckEmail(problems, Field("customer_email"));
        var date = ParseDate(Field("order_date"), problems);
        var quantity = ParseQuantity(Field("quantity"), problems);
        var price = ParsePrice(Field("unit_price"), problems);
        var cancelled = ParseStatus(Field("status"), problems);
        if (problems.Count > 0)
        {
            return new ImportProblem(line, string.Join("; ", problems) + ".");
        }

        orderLine = new CsvOrderLine(line, Field("channel"), Field("channel_order_id"), date, Field("customer_name"),
            Field("customer_email"),
            new Address(Field("ship_to_street"), Field("ship_to_city"), Field("ship_to_region"), Field("ship_to_postal_code"), Field("ship_to_country")),
            Field("ship_from_warehouse"), Field("sku"), quantity, price, cancelled);
        return null;
    }

    private static IEnumerable<ImportProblem> Conflicts(List<CsvOrderLine> lines) =>
        lines.GroupBy(l => l.Key)
            .SelectMany(order => order.Skip(1)
                .Where(l => !Equals(l.OrderFields, order.First().OrderFields) || l.Cancelled != order.First().Cancelled)
                .Select(l => new ImportProblem(l.Line, !Equals(l.OrderFields, order.First().OrderFields)
                    ? $"order {l.ChannelOrderId} from {l.Channel} has a different date, customer, ship-to or warehouse than on line {order.First().Line}."
                    : $"order {l.ChannelOrderId} from {l.Channel} is {Status(l.Cancelled)} here but {Status(order.First().Cancelled)} on line {order.First().Line}; every row of an order has the same status.")));

    private static string Status(bool cancelled) => cancelled ? "cancelled" : "open";

    /// <summary>
    /// A row typed twice (same values, even if written differently, e.g. 2 and 02) would become two
    /// identical lines and double the units; the file is refused rather than guessing which was meant.
    /// </summary>
    private static IEnumerable<ImportProblem> Repeats(List<CsvOrderLine> lines) =>
        lines.GroupBy(l => l.Content)
            .SelectMany(same => same.Skip(1).Select(l => new ImportProblem(l.Line,
                $"repeats line {same.First().Line} exactly (order {l.ChannelOrderId} from {l.Channel}, SKU {l.Sku}, quantity {l.Quantity}); " +
                "a repeated row would double the quantity. Delete one of the two rows, or put the total quantity on one row.")));

    /// <summary>Lines per order and an order's total, named at the order's first line past the limit or its last line.</summary>
    private static IEnumerable<ImportProblem> OrdersOutOfRange(List<CsvOrderLine> lines)
    {
        foreach (var order in lines.GroupBy(l => l.Key))
        {
            var rows = order.ToList();
            var name = $"order {rows[0].ChannelOrderId} from {rows[0].Channel}";
            if (rows.Count > Limits.MaxLinesPerOrder)
            {
                yield return new ImportProblem(rows[Limits.MaxLinesPerOrder].Line,
                    $"{name} has {rows.Count:N0} lines; an order has at most {Limits.MaxLinesPerOrder:N0} lines.");
            }

            // Each product is at most 10,000 × 10,000,000 cents, so at most 100 of them cannot overflow a long;
            // a longer order was refused above, and BigInteger keeps its sum honest too.
            var total = rows.Aggregate(BigInteger.Zero, (sum, l) => sum + ((BigInteger)l.Quantity * l.UnitPriceCents));
            if (total > Limits.MaxOrderTotalCents)
            {
                var shown = ((decimal)total / 100m).ToString("N2", CultureInfo.InvariantCulture);
                yield return new ImportProblem(rows[^1].Line,
                    $"{name}: its total (quantity × unit_price over its lines) is {shown}, out of range; it must be {Limits.OrderTotalCents.Describe()}.");
            }
        }
    }

    /// <summary>All units of the file, named at the line where they pass the limit.</summary>
    private static IEnumerable<ImportProblem> FileOutOfRange(List<CsvOrderLine> lines)
    {
        long units = 0;
        foreach (var line in lines)
        {
            units += line.Quantity;
            if (units > Limits.MaxUnitsPerFile)
            {
                yield return new ImportProblem(line.Line,
                    $"the quantities of the file add up to more than {Limits.MaxUnitsPerFile:N0} units by this line; split the file.");
                yield break;
            }
        }
    }

    /// <summary>
    /// The optional status: empty or <c>open</c> is an open order, <c>cancelled</c> (or the US spelling
    /// <c>canceled</c>, as Amazon writes it) one the channel cancelled; any letter case.
    /// </summary>
    private static bool ParseStatus(string text, List<string> problems)
    {
        if (text.Length == 0 || text.Equals("open", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Equals("cancelled", StringComparison.OrdinalIgnoreCase) || text.Equals("canceled", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        problems.Add($"status \"{text}\" is not open or cancelled (leave it empty for an open order)");
        return false;
    }

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

    private static void CheckText(List<string> problems, string column, string value, int max)
    {
        if (value.Length > max)
        {
            problems.Add($"{column} is {value.Length} characters long (at most {max})");
        }

        // A line break inside a quoted field would split the value on every screen and export that shows it.
        if (value.Any(char.IsControl))
        {
            problems.Add($"{column} contains a line break, tab or other control character (one line of text only)");
        }
    }

    private static void CheckEmail(List<string> problems, string email)
    {
        if (email.Length > 0 && !EmailShape().IsMatch(email))
        {
            problems.Add($"customer_email \"{email}\" is not an email address like dana@example.com");
        }
    }

    private static DateTimeOffset ParseDate(string text, List<string> problems)
    {
        if (text.Length == 0)
        {
            return default;
        }

        if (!DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            problems.Add($"order_date \"{text}\" is not an ISO 8601 date (use 2026-11-26 or 2026-11-26T14:30:00Z)");
            return default;
        }

        if (date < Limits.MinOrderDate || date > Limits.MaxOrderDate)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"order_date {text} is out of range; it must be between {Limits.MinOrderDate:yyyy-MM-dd} and {Limits.MaxOrderDate:yyyy-MM-dd} (UTC)"));
            return default;
        }

        return date;
    }

    private static int ParseQuantity(string text, List<string> problems)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (!WholeNumber().IsMatch(text))
        {
            problems.Add($"quantity \"{text}\" is not a whole number (digits only, e.g. 2)");
            return 0;
        }

        // Any run of digits is a number; one too long for a long is out of range like any other.
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity)
            || !Limits.Quantity.Contains(quantity))
        {
            problems.Add(Limits.Quantity.OutOfRange("quantity", text));
            return 0;
        }

        return (int)quantity;
    }

    private static long ParsePrice(string text, List<string> problems)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var match = Amount().Match(text);
        if (!match.Success)
        {
            problems.Add($"unit_price \"{text}\" is not an amount like 19.99 (digits, a dot for decimals; no currency sign or thousands separator)");
            return 0;
        }

        if (match.Groups["decimals"].Length > 2)
        {
            problems.Add($"unit_price \"{text}\" has more than 2 decimals");
            return 0;
        }

        // Compared as an amount, not as cents: 28 digits times 100 would overflow even a decimal.
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            || price < Limits.MinUnitPriceCents / 100m || price > Limits.MaxUnitPriceCents / 100m)
        {
            problems.Add(Limits.UnitPriceCents.OutOfRange("unit_price", text));
            return 0;
        }

        return (long)(price * 100);
    }

    [GeneratedRegex(@"^-?[0-9]+\z")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^-?[0-9]+(\.(?<decimals>[0-9]+))?\z")]
    private static partial Regex Amount();

    /// <summary>Not the full RFC: one @ with something on each side and no spaces, enough to catch a shifted column.</summary>
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\z")]
    private static partial Regex EmailShape();
}

using System.Globalization;
using System.Text.Json;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;

namespace OrdoroLite.App.Features.Api;

/// <summary>
/// Reads an API request's JSON body or query field by field, collecting every problem (field →
/// sentences) instead of stopping at the first, so a 400 lists them all. The domain's own checks
/// (<see cref="Comment.Normalize"/>, <see cref="CancelReasons.Parse"/>) give the sentences the UI
/// shows; nothing here is a second copy of a rule.
/// </summary>
public sealed class ApiInput
{
    /// <summary>What an order number is, said after a value that is not one (an int: past 2,147,483,647 no order exists).</summary>
    public const string OrderNumberRule = "order numbers are whole numbers from 1 to 2,147,483,647.";

    /// <summary>The most order numbers one request takes: the UI's cap per action (OrderBatch.MaxOrders; a test keeps them equal).</summary>
    public const int MaxOrders = 10_000;

    private readonly Dictionary<string, List<string>> _problems = [];
    private readonly JsonElement _body;

    private ApiInput(JsonElement body) => _body = body;

    public bool HasProblems => _problems.Count > 0;

    public IReadOnlyDictionary<string, string[]> Problems => _problems.ToDictionary(p => p.Key, p => p.Value.ToArray());

    /// <summary>A JSON object body; an empty body counts as {} (every field optional or reported missing).</summary>
    public static ApiInput Json(ReadOnlyMemory<byte> body, params string[] fields)
    {
        JsonElement root;
        try
        {
            // A field given twice is refused (System.Text.Json would keep the last one silently: a client's
            // bug could then cancel other orders than it meant).
            root = body.IsEmpty ? JsonDocument.Parse("{}").RootElement
                : JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement;
        }
        catch (JsonException e)
        {
            var input = new ApiInput(JsonDocument.Parse("{}").RootElement);
            input.Add("", $"The body is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}). Send a JSON object, e.g. {{\"orderNumbers\": [1001, 1002]}}.");
            return input;
        }

        var reader = new ApiInput(root);
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Add("", "The body must be a JSON object, e.g. {\"orderNumbers\": [1001, 1002]}.");
            return reader;
        }

        foreach (var property in root.EnumerateObject().Where(p => !fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            reader.Add(property.Name, $"\"{property.Name}\" is not a field of this request. Its fields: {string.Join(", ", fields)}.");
        }

        return reader;
    }

    public void Add(string field, string problem)
    {
        if (!_problems.TryGetValue(field, out var list))
        {
            _problems[field] = list = [];
        }

        list.Add(problem);
    }

    /// <summary>The order numbers of a bulk request: 1 to <see cref="MaxOrders"/> whole numbers.</summary>
    public IReadOnlyList<int> OrderNumbers(string field = "orderNumbers")
    {
        if (!TryGet(field, out var value))
        {
            Add(field, "No orders were selected. Select at least one order.");
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(field, $"\"{field}\" must be a list of order numbers, e.g. [1001, 1002].");
            return [];
        }

        var numbers = new List<int>();
        var bad = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var n) && n > 0)
            {
                numbers.Add(n);
            }
            else
            {
                bad.Add(item.GetRawText());
            }
        }

        if (bad.Count > 0)
        {
            Add(field, $"{string.Join(", ", bad.Take(5))}{(bad.Count > 5 ? $" and {bad.Count - 5:N0} more" : "")} {(bad.Count == 1 ? "is not an order number" : "are not order numbers")}; {OrderNumberRule}");
        }

        if (numbers.Count == 0 && bad.Count == 0)
        {
            Add(field, "No orders were selected. Select at least one order.");
        }

        var distinct = numbers.Distinct().Count();
        if (distinct > MaxOrders)
        {
            Add(field, $"{distinct:N0} orders were selected; one action takes at most {MaxOrders:N0}. Nothing was changed.");
        }

        return numbers;
    }

    /// <summary>The comment, trimmed, or null when blank; too long is a problem (the domain's sentence).</summary>
    public string? Comment(string field = "comment", bool required = false)
    {
        var text = String(field);
        try
        {
            var comment = Domain.Common.Comment.Normalize(text);
            if (comment is null && required)
            {
                Add(field, "Type a comment before adding it.");
            }

            return comment;
        }
        catch (InvalidRequestException e)
        {
            Add(field, e.Message);
            return null;
        }
    }

    /// <summary>A cancellation reason by code or display name (the domain's parser and sentence).</summary>
    public CancelReason? Reason(string field = "reason") => Reason(field, String(field));

    public CancelReason? Reason(string field, string? text)
    {
        try
        {
            return CancelReasons.Parse(text);
        }
        catch (InvalidRequestException e)
        {
            Add(field, e.Message);
            return null;
        }
    }

    public bool Flag(string field)
    {
        if (!TryGet(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Add(field, $"\"{field}\" must be true or false.");
        return false;
    }

    public string? String(string field)
    {
        if (!TryGet(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Add(field, $"\"{field}\" must be text (in quotes).");
        return null;
    }

    /// <summary>A whole number from the query string within [min, max], or the default when absent.</summary>
    public int QueryNumber(string field, string? text, int defaultValue, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        Add(field, $"{field} must be a whole number from {min:N0} to {max:N0}, not \"{text}\".");
        return defaultValue;
    }

    /// <summary>
    /// An instant from the query string (ISO 8601 with an offset or Z, e.g. 2026-11-01T00:00:00Z), or null when absent.
    /// A date alone means its midnight UTC.
    /// </summary>
    public DateTimeOffset? QueryInstant(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        Add(field, $"{field} must be an instant such as 2026-11-01T00:00:00Z, not \"{text}\".");
        return null;
    }

    /// <summary>An order number in the path.</summary>
    public static int? PathNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>The query string's problems collector.</summary>
    public static ApiInput Query() => new(default);

    private bool TryGet(string field, out JsonElement value)
    {
        if (_body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(field, out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}

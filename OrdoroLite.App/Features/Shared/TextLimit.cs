namespace OrdoroLite.App.Features.Shared;

/// <summary>
/// A text field's length limit as a validation message rather than the browser's maxlength, which
/// cuts pasted text without a word (a key's name, or worse a webhook URL, saved shorter than typed).
/// </summary>
public static class TextLimit
{
    /// <summary>For MudTextField's Validation: "At most 40 characters (this is 52)." past <paramref name="max"/>, else null.</summary>
    public static Func<string?, string?> AtMost(int max) =>
        text => text is { Length: var length } && length > max ? $"At most {max:N0} characters (this is {length:N0})." : null;
}

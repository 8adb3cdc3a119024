namespace OrdoroLite.Domain.Common;

public static class Comment
{
    public const int MaxLength = 2000;

    /// <summary>
    /// Trims the comment, turns blank into null and refuses one that is too long or holds a character
    /// staff could not see: a control character other than a line break or tab (PostgreSQL cannot even
    /// store U+0000), or a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which
    /// reorders how the rest of the line reads on the timeline.
    /// </summary>
    /// <exception cref="InvalidRequestException">Too long, or an invisible character; the message names it.</exception>
    public static string? Normalize(string? comment)
    {
        var trimmed = comment?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxLength)
        {
            throw new InvalidRequestException(
                $"The comment is {trimmed.Length:N0} characters long; the limit is {MaxLength:N0}. Nothing was changed.");
        }

        foreach (var c in trimmed)
        {
            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                throw new InvalidRequestException(
                    $"The comment holds an invisible character (U+{(int)c:X4}) that would hide or reorder what staff read; remove it. Nothing was changed.");
            }
        }

        return trimmed;
    }
}

namespace OrdoroLite.Domain.Common;

public static class Comment
{
    public const int MaxLength = 2000;

    /// <summary>
    /// Trims the comment, turns blank into null and refuses one that is too long or holds a character
    /// staff could not see: a control character other than a line break or tab (PostgreSQL cannot even
    /// store U+0000), or a Unicode format character — bidirectional overrides and isolates, which
    /// reorder how the rest of the line reads, zero-width spaces, the byte-order mark, tag characters
    /// that can carry whole invisible texts — except the zero-width joiner and non-joiner, which
    /// emoji sequences and Persian or Indic writing need.
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

        foreach (var rune in trimmed.EnumerateRunes())
        {
            if (IsUnseen(rune))
            {
                throw new InvalidRequestException(
                    $"The comment holds an invisible character (U+{rune.Value:X4}) that would hide or reorder what staff read; remove it. Nothing was changed.");
            }
        }

        return trimmed;
    }

    private static bool IsUnseen(System.Text.Rune rune) =>
        System.Text.Rune.GetUnicodeCategory(rune) switch
        {
            System.Globalization.UnicodeCategory.Control => rune.Value is not ('\n' or '\r' or '\t'),
            System.Globalization.UnicodeCategory.Format => rune.Value is not (0x200C or 0x200D),
            _ => false,
        };
}

namespace OrdoroLite.Domain.Common;

public static class Comment
{
    public const int MaxLength = 2000;

    /// <summary>Trims the comment, turns blank into null and refuses one that is too long.</summary>
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

        return trimmed;
    }
}

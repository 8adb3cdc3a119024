using System.Text;

namespace OrdoroLite.App.Features.Account;

/// <summary>Where to go after signing in: only a path on this site, so a crafted link cannot send people elsewhere.</summary>
public static class LocalUrl
{
    /// <summary>Longest address followed, once encoded; a longer one goes home (no page of the app needs more).</summary>
    public const int MaxLength = 2_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// <paramref name="returnUrl"/> as a local path that is safe in a Location header — every
    /// character outside printable URL ASCII percent-encoded as UTF-8 (<c>/café</c> →
    /// <c>/caf%C3%A9</c>), existing <c>%XX</c> escapes kept — or <c>/</c> when it is not a local path
    /// (absolute, <c>//host</c>, <c>/\host</c>), holds a control character, is not valid UTF-16, or is
    /// longer than <see cref="MaxLength"/> once encoded. Never throws.
    /// </summary>
    public static string OrHome(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
        {
            return "/";
        }

        // "//host" and "/\host" are read by browsers as another site.
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        // Browsers drop tabs and line breaks from URLs ("/\t/host" becomes "//host"); headers refuse them.
        if (returnUrl.Any(char.IsControl))
        {
            return "/";
        }

        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(returnUrl);
        }
        catch (EncoderFallbackException)
        {
            return "/"; // a lone surrogate has no UTF-8 form
        }

        var encoded = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '%' && i + 2 < bytes.Length && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]))
            {
                encoded.Append('%'); // already an escape: kept, so an encoded address stays as it was
            }
            else if (b < 0x80 && Allowed((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.Length <= MaxLength ? encoded.ToString() : "/";
    }

    /// <summary>RFC 3986 unreserved and sub-delimiters, and the separators of path, query and fragment.</summary>
    private static bool Allowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?#".Contains(c);

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
}

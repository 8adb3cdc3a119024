namespace OrdoroLite.App.Features.Account;

/// <summary>Where to go after signing in: only a path on this site, so a crafted link cannot send people elsewhere.</summary>
public static class LocalUrl
{
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

        return returnUrl.Any(char.IsControl) ? "/" : returnUrl;
    }
}

using Microsoft.Playwright;

namespace OrdoroLite.Tests.Support;

/// <summary>Screen sizes the app is checked at, and what a test checks of the page's layout there.</summary>
public static class Screens
{
    /// <summary>A laptop: every column a tab needs must fit.</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1280, Height = 800 };

    /// <summary>A phone or a handheld scanner.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Set to 1 to also write the screenshots into docs/screenshots/ (they change with every run's demo data).</summary>
    public const string UpdateDocsVariable = "ORDOROLITE_UPDATE_SCREENSHOTS";

    /// <summary>Where every run leaves its screenshots.</summary>
    public static string Folder { get; } = Path.Combine(Browser.ArtifactsFolder, "screenshots");

    /// <summary>Saves a screenshot of the page as it is (the viewport, as a person sees it) under <see cref="Folder"/>, and under docs/screenshots/ when asked.</summary>
    public static async Task SaveScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new() { Path = file });
        if (Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            File.Copy(file, Path.Combine(RepositoryRoot(), "docs", "screenshots", name), overwrite: true);
        }
    }

    /// <summary>The page never scrolls sideways: nothing is wider than the window.</summary>
    public static async Task ExpectNoHorizontalOverflowAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "the page must not scroll sideways");
    }

    /// <summary>Right edge of an element in CSS pixels.</summary>
    public static async Task<double> RightEdgeAsync(this ILocator element)
    {
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not rendered.");
        return box.X + box.Width;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrdoroLite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root (OrdoroLite.sln) was not found above " + AppContext.BaseDirectory);
    }
}

namespace OrdoroLite.App.Hosting;

/// <summary>Where the embedded SQLite file lives: `Database:Path` in configuration, else ordorolite.db beside the app's content root.</summary>
public static class DatabaseLocation
{
    public static string Resolve(IConfiguration configuration, string contentRoot)
    {
        var path = configuration["Database:Path"] ?? "ordorolite.db";
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
    }

    public static string ConnectionString(string path) => $"Data Source={path};Pooling=True";
}

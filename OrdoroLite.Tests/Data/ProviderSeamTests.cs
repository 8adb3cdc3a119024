namespace OrdoroLite.Tests.Data;

/// <summary>
/// The provider seam (docs/architecture.md, issue 14): provider types are named only in
/// <c>Data/Sqlite/</c>, <c>Data/Postgres/</c> (migrations included) and the bench's per-provider
/// <c>Benchmarks/RawSql/</c>; triggers are created or dropped only by migrations.
/// </summary>
public sealed class ProviderSeamTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void No_file_outside_the_provider_folders_names_a_provider_type()
    {
        Sources().Where(InProviderFolder).Should().Contain(f => File.ReadAllText(f).Contains("Npgsql", StringComparison.Ordinal),
            "the scan reads the real sources, where the PostgreSQL folder does use Npgsql");
        var offenders = Sources()
            .Where(f => !InProviderFolder(f))
            .Where(f => File.ReadLines(f).Any(l => l.Contains("Microsoft.Data.Sqlite", StringComparison.Ordinal)
                || l.Contains("Npgsql", StringComparison.Ordinal) || l.Contains("SqliteConnection", StringComparison.Ordinal)))
            .Select(Relative);

        offenders.Should().BeEmpty("neutral code reaches a database through IDatabaseProvider and IStoreDialect");
    }

    [Fact]
    public void Only_migrations_create_or_drop_triggers()
    {
        var offenders = Sources()
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("CREATE TRIGGER", StringComparison.OrdinalIgnoreCase)
                || File.ReadAllText(f).Contains("DROP TRIGGER", StringComparison.OrdinalIgnoreCase))
            .Select(Relative);

        offenders.Should().BeEmpty("schema changes belong to migrations, never to business work");
    }

    private static IEnumerable<string> Sources() =>
        new[] { "OrdoroLite.Domain", "OrdoroLite.App" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static bool InProviderFolder(string file)
    {
        var path = Relative(file).Replace('\\', '/');
        return path.StartsWith("OrdoroLite.Domain/Data/Sqlite/", StringComparison.Ordinal)
            || path.StartsWith("OrdoroLite.Domain/Data/Postgres/", StringComparison.Ordinal)
            || path.StartsWith("OrdoroLite.App/Hosting/Benchmarks/RawSql/", StringComparison.Ordinal);
    }

    private static string Relative(string file) => Path.GetRelativePath(Root, file);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrdoroLite.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OrdoroLite.sln not found above the test's folder.");
    }
}

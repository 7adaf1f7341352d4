namespace Srs.Fuzz.Targets;

/// <summary>Where the seed corpora and the regression inputs live: fuzz/corpus/TARGET and fuzz/regressions/TARGET.</summary>
public static class Corpus
{
    /// <summary>The repository root: the nearest directory above <paramref name="start"/> holding Srs.sln.</summary>
    public static string FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Srs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Srs.sln above {start ?? AppContext.BaseDirectory}");
    }

    public static string SeedDirectory(FuzzTarget target, string? root = null) =>
        Path.Combine(root ?? FindRepositoryRoot(), "fuzz", "corpus", target.Name);

    public static string RegressionDirectory(FuzzTarget target, string? root = null) =>
        Path.Combine(root ?? FindRepositoryRoot(), "fuzz", "regressions", target.Name);

    /// <summary>Every file under <paramref name="path"/> (or the file itself), in ordinal order; README files are not inputs.</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return [];
        }

        return
        [
            .. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(f) != ".gitkeep")
                .Order(StringComparer.Ordinal),
        ];
    }

    public static IReadOnlyList<byte[]> Load(string path) => [.. Files(path).Select(File.ReadAllBytes)];
}

using System.Text.RegularExpressions;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Architecture;

/// <summary>
/// The folders of <c>src/Srs.Actors</c> form layers, each using only layers below it (docs/design.md draws them), as
/// Go's compiler keeps MediaMTX's packages free of cycles. Folders on one layer do not use each other.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Bottom first. A new folder must be placed here, on purpose.</summary>
    public static readonly string[][] Layers =
    [
        [FolderReferences.Root],
        ["Configuration", "Limits", "Metrics", "Http"],
        ["Media"],
        ["Transport"],
        ["Rtmp", "Rtsp", "WebRtc"],
        ["Stats"],
        ["Streams"],
        ["Auth", "Hooks"],
        ["Sessions"],
        ["Connections", "Hls", "Ingest", "Dvr", "Pull", "Whep"],
        ["StreamDirectory"],
        ["Mesh"],
        ["Hosting"],
    ];

    private static int LayerOf(string folder) => Array.FindIndex(Layers, l => l.Contains(folder));

    private static readonly System.Reflection.Assembly Library = typeof(StreamKey).Assembly;

    [Fact]
    public void Every_folder_uses_only_folders_of_lower_layers()
    {
        var wrong = new List<string>();
        foreach (var ((from, to), example) in FolderReferences.Of(Library))
        {
            int a = LayerOf(from), b = LayerOf(to);
            if (a < 0 || b < 0) wrong.Add($"{(a < 0 ? from : to)} is on no layer: place it in LayeringTests.Layers and docs/design.md");
            else if (b >= a) wrong.Add($"{from} (layer {a}) uses {to} (layer {b}): {example}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct().Order()));
    }

    [Fact]
    public void The_reference_reader_sees_the_references_it_must_forbid()
    {
        // Known downward edges must be found, or the test above would pass on an empty graph.
        var edges = FolderReferences.Of(Library);
        Assert.Contains(("Connections", "Sessions"), edges.Keys);
        Assert.Contains(("Streams", "Media"), edges.Keys);
        Assert.Contains(("Hosting", "Streams"), edges.Keys);
        Assert.Contains(("Sessions", "Hooks"), edges.Keys);
    }

    [Fact]
    public void Every_namespace_follows_its_folder()
    {
        var root = RepoRoot.Find("src", "Srs.Actors");
        var wrong = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var folder = Path.GetDirectoryName(relative)!;
            // The namespace is the folder's path, or a shorter path within the same top folder (Media/Flv is Srs.Actors.Media).
            var expected = folder.Length == 0 ? "Srs.Actors" : "Srs.Actors." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var top = folder.Length == 0 ? "Srs.Actors" : "Srs.Actors." + folder.Split(Path.DirectorySeparatorChar)[0];
            var declared = NamespaceLine().Match(File.ReadAllText(file));
            var ns = declared.Success ? declared.Groups[1].Value : "(none)";
            bool follows = ns == expected || (ns.StartsWith(top, StringComparison.Ordinal) && (expected + ".").StartsWith(ns + ".", StringComparison.Ordinal));
            if (!follows) wrong.Add($"{relative}: namespace {ns}, expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_file_in_src_is_over_450_lines_without_a_reason_at_its_top()
    {
        // The reason is a first-line comment "// Long: why"; a file that needs one is a candidate for splitting.
        var wrong = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(RepoRoot.Find("src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            if (lines.Length > 450 && !lines[0].StartsWith("// Long: ", StringComparison.Ordinal)) wrong.Add($"{file}: {lines.Length} lines");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Test_folders_mirror_the_library_folders()
    {
        // Architecture (these tests) and Fuzz (the fuzz targets' own project) have no folder in the library.
        var tests = RepoRoot.Find("tests", "Srs.Actors.Tests");
        var library = RepoRoot.Find("src", "Srs.Actors");
        var wrong = System.IO.Directory.EnumerateDirectories(tests, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(tests, d))
            .Where(d => System.IO.Directory.EnumerateFiles(Path.Combine(tests, d), "*.cs").Any())
            .Where(d => d.Split(Path.DirectorySeparatorChar)[0] is not ("Architecture" or "Fuzz" or "bin" or "obj"))
            .Where(d => !System.IO.Directory.Exists(Path.Combine(library, d)))
            .ToList();
        Assert.True(wrong.Count == 0, "test folders with no library folder: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Usings_are_sorted_system_first()
    {
        // What dotnet format's import ordering gives (dotnet_sort_system_directives_first); the build's IDE0055 does not check it.
        var wrong = new List<string>();
        foreach (var top in new[] { "src", "tests", "bench", "fuzz" })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(RepoRoot.Find(top), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
                var usings = File.ReadLines(file).TakeWhile(l => !l.StartsWith("namespace", StringComparison.Ordinal))
                    .Where(l => l.StartsWith("using ", StringComparison.Ordinal) && !l.Contains('=') && !l.StartsWith("using static", StringComparison.Ordinal))
                    .Select(l => l["using ".Length..].TrimEnd(';'))
                    .ToList();
                var sorted = usings.OrderBy(u => u == "System" || u.StartsWith("System.", StringComparison.Ordinal) ? 0 : 1)
                    .ThenBy(u => u, StringComparer.OrdinalIgnoreCase).ToList();
                if (!usings.SequenceEqual(sorted)) wrong.Add(file);
            }
        }
        Assert.True(wrong.Count == 0, "usings out of order:\n" + string.Join("\n", wrong));
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}

/// <summary>The repository's folders, found from the test's output directory upwards.</summary>
internal static class RepoRoot
{
    public static string Find(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Srs.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Srs.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine([dir.FullName, .. parts]);
    }
}

namespace Srs.Actors.Dvr;

/// <summary>A finished or growing recording as the sweeper sees it.</summary>
public sealed record DvrFile(string Path, DateTime StartUtc, long Bytes);

/// <summary>
/// Which recordings go: every one older than the retention, then the oldest until the node's total fits under
/// <c>max-bytes</c>. Never a file being written. Pure: the writer lists and deletes.
/// </summary>
public static class DvrRetention
{
    public static IReadOnlyList<DvrFile> Choose(IEnumerable<DvrFile> files, DateTime nowUtc, TimeSpan retention, long maxBytes, IReadOnlySet<string> open)
    {
        var sorted = files.OrderBy(f => f.StartUtc).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        long total = sorted.Sum(f => f.Bytes);
        var gone = new List<DvrFile>();
        foreach (var f in sorted)
        {
            if (open.Contains(f.Path)) continue;
            bool old = retention > TimeSpan.Zero && nowUtc - f.StartUtc > retention;
            bool over = maxBytes > 0 && total > maxBytes;
            if (!old && !over) break; // sorted oldest first: nothing newer is older
            gone.Add(f);
            total -= f.Bytes;
        }

        return gone;
    }

    /// <summary>
    /// The files the node-wide sweep may not touch, since a recorder may be writing them: each stream folder's newest.
    /// (Recorders sweep after each file with the files they hold open; this sweep only ages out the rest.)
    /// </summary>
    public static IReadOnlySet<string> NewestOfEachStream(IEnumerable<DvrFile> files)
    {
        var newest = new Dictionary<string, DvrFile>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            string folder = Path.GetDirectoryName(f.Path) ?? "";
            if (!newest.TryGetValue(folder, out var kept) || f.StartUtc > kept.StartUtc) newest[folder] = f;
        }

        return newest.Values.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every recording under <paramref name="root"/> (any app, any stream), for the sweep.</summary>
    public static List<DvrFile> List(string root)
    {
        var list = new List<DvrFile>();
        if (!Directory.Exists(root)) return list;
        foreach (var path in Directory.EnumerateFiles(root, "*" + DvrFileName.Extension, SearchOption.AllDirectories))
        {
            if (!DvrFileName.TryParse(Path.GetFileName(path), out var start)) continue;
            try { list.Add(new DvrFile(path, start, new FileInfo(path).Length)); }
            catch (IOException) { } // deleted meanwhile
        }

        return list;
    }
}

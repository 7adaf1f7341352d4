using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Dvr;

/// <summary>One recording as the API lists it: its file, start (from its name), duration (from its fragments) and size.</summary>
public sealed record DvrRecording(string Name, string Path, DateTime StartUtc, long DurationMs, long Bytes);

/// <summary>A stream's recordings read back from disk, oldest first; a file still being written lists up to its last complete fragment.</summary>
public static class DvrCatalog
{
    public static List<DvrRecording> List(string root, string app, string stream)
    {
        var list = new List<DvrRecording>();
        var folder = DvrFileName.StreamFolder(root, app, stream);
        if (folder is null || !Directory.Exists(folder)) return list;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + DvrFileName.Extension).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path);
            if (!DvrFileName.TryParse(name, out var start)) continue;
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var layout = Mp4FileScanner.Scan(file);
                list.Add(new DvrRecording(name, path, start, DurationMs(layout), file.Length));
            }
            catch (IOException) { } // deleted by retention meanwhile
        }

        return list;
    }

    /// <summary>How long a file plays: from its first fragment to the end of its last, on the first track (video when there is video).</summary>
    public static long DurationMs(Mp4FileLayout layout)
    {
        if (layout.Fragments.Count == 0 || layout.Timescales.Count == 0) return 0;
        uint track = layout.Timescales.Keys.Min();
        ulong? first = null, end = 0;
        foreach (var f in layout.Fragments)
        {
            foreach (var run in f.Runs)
            {
                if (run.TrackId != track) continue;
                first ??= run.BaseDecodeTime;
                end = run.BaseDecodeTime + run.Duration;
            }
        }

        return first is null ? 0 : (long)((end - first.Value) * 1000 / layout.Timescales[track]);
    }
}

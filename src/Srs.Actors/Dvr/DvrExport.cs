using System.Buffers.Binary;
using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Dvr;

/// <summary>
/// A time range of a stream's recordings as one fragmented MP4, as MediaMTX's <c>/get</c>: the init segment of the
/// first file, then every fragment overlapping the range, starting at the last one that opens on a sync sample at or
/// before its start. Decode times are re-based so the result starts at zero and runs on across files; it stops at a
/// file whose init segment differs (a codec change). Fragments are copied, never re-encoded.
/// </summary>
public static class DvrExport
{
    /// <summary>Writes the range to <paramref name="output"/>; false (nothing written) when no recording covers it.</summary>
    public static async Task<bool> WriteAsync(string root, string app, string stream, DateTime startUtc, TimeSpan duration, Stream output, CancellationToken token)
    {
        double from = Ms(startUtc), to = from + duration.TotalMilliseconds;
        byte[]? init = null;
        double outputEnd = 0;
        bool any = false;
        foreach (var recording in DvrCatalog.List(root, app, stream))
        {
            double fileStart = Ms(recording.StartUtc);
            if (fileStart >= to || fileStart + recording.DurationMs <= from) continue;
            await using var file = new FileStream(recording.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
            var layout = Mp4FileScanner.Scan(file);
            if (layout.Fragments.Count == 0 || layout.Timescales.Count == 0) continue;
            var fileInit = new byte[layout.InitLength];
            file.Position = 0;
            await file.ReadExactlyAsync(fileInit, token).ConfigureAwait(false);
            if (init is not null && !init.AsSpan().SequenceEqual(fileInit)) break; // another codec: another file
            uint reference = layout.Timescales.Keys.Min();
            var selected = Select(layout, reference, fileStart, from, to);
            if (selected.Count == 0) continue;
            if (init is null)
            {
                init = fileInit;
                await output.WriteAsync(init, token).ConfigureAwait(false);
            }

            // Output time = file time + shift: the first file starts at zero, each next one where the last ended.
            double firstMs = RunMs(layout, selected[0], reference);
            double shiftMs = (any ? outputEnd : 0) - firstMs;
            foreach (var fragment in selected)
            {
                var bytes = new byte[fragment.Length];
                file.Position = fragment.Offset;
                await file.ReadExactlyAsync(bytes, token).ConfigureAwait(false);
                foreach (var run in fragment.Runs)
                {
                    if (!layout.Timescales.TryGetValue(run.TrackId, out uint scale)) continue;
                    double ms = Math.Max(0, run.BaseDecodeTime * 1000.0 / scale + shiftMs);
                    ulong time = (ulong)Math.Round(ms * scale / 1000.0);
                    if (bytes[run.TfdtOffset - 4] == 1) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(run.TfdtOffset), time);
                    else BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(run.TfdtOffset), (uint)time);
                    if (run.TrackId == reference) outputEnd = Math.Max(outputEnd, ms + run.Duration * 1000.0 / scale);
                }

                await output.WriteAsync(bytes, token).ConfigureAwait(false);
            }

            any = true;
        }

        return any;
    }

    /// <summary>The fragments of one file overlapping [from, to), from the last sync start at or before <paramref name="from"/>.</summary>
    public static List<Mp4FragmentInfo> Select(Mp4FileLayout layout, uint reference, double fileStartMs, double from, double to)
    {
        var list = new List<Mp4FragmentInfo>();
        double zero = double.NaN;
        int syncBefore = -1;
        for (int i = 0; i < layout.Fragments.Count; i++)
        {
            var f = layout.Fragments[i];
            if (!TryRun(f, reference, out var run)) continue;
            double scale = layout.Timescales[reference];
            double t = run.BaseDecodeTime * 1000.0 / scale;
            if (double.IsNaN(zero)) zero = t;
            double start = fileStartMs + t - zero, end = start + run.Duration * 1000.0 / scale;
            if (end <= from)
            {
                if (run.StartsWithSync) syncBefore = i;
                continue;
            }

            if (start >= to) break;
            if (list.Count == 0)
            {
                if (!run.StartsWithSync && syncBefore >= 0)
                {
                    for (int j = syncBefore; j < i; j++) list.Add(layout.Fragments[j]);
                }
                else if (!run.StartsWithSync)
                {
                    continue; // nothing decodable yet
                }
            }

            list.Add(f);
        }

        return list;
    }

    private static double RunMs(Mp4FileLayout layout, Mp4FragmentInfo fragment, uint reference) =>
        TryRun(fragment, reference, out var run) ? run.BaseDecodeTime * 1000.0 / layout.Timescales[reference] : 0;

    private static bool TryRun(Mp4FragmentInfo f, uint track, out Mp4RunInfo run)
    {
        foreach (var r in f.Runs)
        {
            if (r.TrackId != track) continue;
            run = r;
            return true;
        }

        run = default;
        return false;
    }

    private static double Ms(DateTime utc) => (utc - DateTime.UnixEpoch).TotalMilliseconds;
}

using System.Collections.Immutable;
using Srs.Actors.Media.Hls;

namespace Srs.Actors.Hls;

/// <summary>
/// The sliding window of one stream's fMP4 HLS and the snapshots made of it: finished segments (each one array, its
/// parts slices of it), the init segments they need, and in LL-HLS the parts of the live segment. Memory is the
/// window, a few segments that just left it, and the live segment's parts: nothing more per stream.
/// </summary>
public sealed class HlsFmp4Window
{
    /// <summary>Segments that just left the playlist stay fetchable this many more, for players a little behind.</summary>
    private const int Lingering = 3;

    /// <summary>LL-HLS lists the parts of this many finished segments, about three target durations as 8216bis asks.</summary>
    private const int SegmentsWithParts = 3;

    private readonly HlsSettings settings;
    private readonly List<HlsSegmentFile> window = new();
    private readonly Queue<HlsSegmentFile> gone = new();
    private readonly Dictionary<string, HlsSegmentFile> inits = new();
    private long targetDuration, discontinuitiesGone;

    public HlsFmp4Window(HlsSettings settings)
    {
        this.settings = settings;
        targetDuration = (long)Math.Ceiling(settings.Fragment.TotalSeconds * settings.TdRatio);
    }

    public IEnumerable<HlsSegmentFile> Files => window.Concat(gone).Concat(inits.Values);

    /// <summary>Adds a finished segment; returns the files that are gone for good (segments, and inits none needs).</summary>
    public List<HlsSegmentFile> Add(HlsSegmentFile segment, HlsSegmentFile init)
    {
        inits[init.Name] = init;
        window.Add(segment);
        // Keep the window's total duration within srs.hls.window, but always the newest segment.
        while (window.Count > 1 && Total() > settings.Window)
        {
            if (window[0].Discontinuity) discontinuitiesGone++;
            gone.Enqueue(window[0]);
            window.RemoveAt(0);
        }

        var removed = new List<HlsSegmentFile>();
        while (gone.Count > Lingering) removed.Add(gone.Dequeue());
        foreach (var name in inits.Keys.ToList())
        {
            if (name != init.Name && !window.Any(s => s.MapName == name) && !gone.Any(s => s.MapName == name))
            {
                removed.Add(inits[name]);
                inits.Remove(name);
            }
        }

        // RFC 8216 wants a target duration that never changes: keep the largest one seen so far.
        targetDuration = Math.Max(targetDuration, (long)Math.Ceiling(segment.Duration.TotalSeconds));
        return removed;
    }

    /// <summary>The playlist and files as they stand, with the live segment's parts when LL-HLS is on.</summary>
    public HlsSnapshot Snapshot(HlsFmp4Muxer muxer)
    {
        var model = Model(muxer, settings.LowLatency);
        var playlist = Fmp4PlaylistWriter.Render(model);
        var files = ImmutableDictionary.CreateBuilder<string, HlsSegmentFile>();
        foreach (var s in Files) files[s.Name] = s;
        if (muxer.Init is { } current) files[current.Name] = current;
        var snapshot = new HlsSnapshot(playlist, files.ToImmutable(), DateTime.UtcNow);
        if (!settings.LowLatency) return snapshot;

        var liveParts = ImmutableDictionary.CreateBuilder<string, HlsPartFile>();
        foreach (var p in muxer.LiveParts) liveParts[p.Name] = p;
        long next = muxer.LiveSequence;
        int previousParts = window.Count > 0 && window[^1].Sequence == next - 1 ? window[^1].Parts.Count : 0;
        return snapshot with
        {
            Parts = liveParts.ToImmutable(),
            DeltaPlaylist = Fmp4PlaylistWriter.RenderDelta(model),
            Edge = new HlsLiveEdge(next, muxer.HasOpenSegment ? muxer.LiveParts.Count : 0, previousParts, TimeSpan.FromSeconds(targetDuration)),
        };
    }

    /// <summary>The playlist; the disk mirror's never lists parts, which live in memory only.</summary>
    public string Render(HlsFmp4Muxer muxer, bool lowLatency) => Fmp4PlaylistWriter.Render(Model(muxer, lowLatency));

    private Fmp4Playlist Model(HlsFmp4Muxer muxer, bool lowLatency)
    {
        var segments = new Fmp4MediaSegment[window.Count];
        for (int i = 0; i < window.Count; i++)
        {
            var s = window[i];
            var parts = lowLatency && i >= window.Count - SegmentsWithParts ? PartsOf(s.Parts) : [];
            segments[i] = new Fmp4MediaSegment(new HlsSegment(s.Sequence, s.Duration, s.Name, s.Discontinuity), s.MapName!, parts);
        }

        Fmp4MediaSegment? live = null;
        if (lowLatency && muxer.HasOpenSegment && muxer.Init is { } init)
            live = new Fmp4MediaSegment(new HlsSegment(muxer.LiveSequence, TimeSpan.Zero, "live", muxer.LiveDiscontinuity), init.Name, PartsOf(muxer.LiveParts));
        // The writer shows no EXT-X-DISCONTINUITY on the first segment (it follows EXT-X-MAP): counted as gone (RFC 8216 6.2.1).
        long discontinuitySequence = discontinuitiesGone + (window.Count > 0 && window[0].Discontinuity ? 1 : 0);
        return new Fmp4Playlist(segments, targetDuration, live,
            lowLatency ? settings.PartDuration : null, lowLatency && muxer.HasOpenSegment ? muxer.NextPartName : null, discontinuitySequence);
    }

    private static HlsPart[] PartsOf(IReadOnlyList<HlsPartFile> parts)
    {
        var result = new HlsPart[parts.Count];
        for (int i = 0; i < parts.Count; i++) result[i] = new HlsPart(parts[i].Duration, parts[i].Name, parts[i].Independent);
        return result;
    }

    private TimeSpan Total()
    {
        var total = TimeSpan.Zero;
        foreach (var s in window) total += s.Duration;
        return total;
    }
}

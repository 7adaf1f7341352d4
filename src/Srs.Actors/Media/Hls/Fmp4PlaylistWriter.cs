using System.Globalization;
using System.Text;

namespace Srs.Actors.Media.Hls;

/// <summary>
/// Renders an fMP4 media playlist (RFC 8216bis): <c>#EXT-X-MAP</c> before the first segment and wherever the init
/// segment changes, and with a part target the Low-Latency tags: <c>EXT-X-SERVER-CONTROL</c> (blocking reload,
/// PART-HOLD-BACK of three part targets, as 8216bis recommends), <c>EXT-X-PART-INF</c>, each segment's
/// <c>EXT-X-PART</c>s before its EXTINF, the live segment's parts and the <c>EXT-X-PRELOAD-HINT</c> last. LL-HLS
/// playlists also offer delta updates (<c>CAN-SKIP-UNTIL</c>, <see cref="RenderDelta"/>).
/// </summary>
public static class Fmp4PlaylistWriter
{
    // EXT-X-MAP in a playlist without I-FRAMES-ONLY needs version 6; 7 is what fMP4 HLS servers announce.
    private const int Version = 7;

    // 8216bis 7: a playlist holding EXT-X-SKIP needs version 9.
    private const int DeltaVersion = 9;

    // 8216bis 4.4.3.8: the skip boundary is at least six target durations.
    private const int SkipBoundaryTargets = 6;

    public static string Render(Fmp4Playlist playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        return Render(playlist, TargetOf(playlist), skipped: 0);
    }

    /// <summary>
    /// The Playlist Delta Update (8216bis 6.2.5.1) answering <c>_HLS_skip=YES</c>: the leading segments that end more than
    /// the skip boundary before the last segment's end become one <c>EXT-X-SKIP</c>; null without parts or when none is that old.
    /// </summary>
    public static string? RenderDelta(Fmp4Playlist playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        if (playlist.PartTarget is null) return null;
        long target = TargetOf(playlist);
        int skipped = Skippable(playlist.Segments, SkipBoundaryTargets * target * 1000);
        return skipped > 0 ? Render(playlist, target, skipped) : null;
    }

    private static string Render(Fmp4Playlist playlist, long target, int skipped)
    {
        var segments = playlist.Segments;
        long mediaSequence = segments.Count > 0 ? segments[0].Segment.SequenceNumber : playlist.Live?.Segment.SequenceNumber ?? 0;
        var text = new StringBuilder(256 + 96 * segments.Count);
        text.Append("#EXTM3U\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{(skipped > 0 ? DeltaVersion : Version)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n");
        if (playlist.PartTarget is { } partTarget)
        {
            long part = HlsDuration.ToMilliseconds(partTarget);
            text.Append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").Append(HlsDuration.Format(3 * part));
            text.Append(",CAN-SKIP-UNTIL=").Append(HlsDuration.Format(SkipBoundaryTargets * target * 1000)).Append('\n');
            text.Append("#EXT-X-PART-INF:PART-TARGET=").Append(HlsDuration.Format(part)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{mediaSequence}\n");
        if (playlist.DiscontinuitySequence > 0) text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{playlist.DiscontinuitySequence}\n");
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        string? map = null;
        if (skipped > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-SKIP:SKIPPED-SEGMENTS={skipped}\n");
            // The first segment kept is not the playlist's first: its discontinuity stays (Head writes one only after a MAP).
            if (segments[skipped].Segment.Discontinuity) text.Append("#EXT-X-DISCONTINUITY\n");
        }

        for (int i = skipped; i < segments.Count; i++)
        {
            var s = segments[i];
            Head(text, s, ref map);
            Parts(text, s.Parts);
            text.Append("#EXTINF:").Append(HlsDuration.Format(HlsDuration.ToMilliseconds(s.Segment.Duration))).Append(",\n");
            text.Append(s.Segment.Uri).Append('\n');
        }

        if (playlist.Live is { } live && playlist.PartTarget is not null)
        {
            Head(text, live, ref map);
            Parts(text, live.Parts);
        }

        if (playlist.PreloadHintUri is { } hint && playlist.PartTarget is not null)
            text.Append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").Append(hint).Append("\"\n");
        return text.ToString();
    }

    private static long TargetOf(Fmp4Playlist playlist)
    {
        long target = Math.Max(1, playlist.MinTargetDuration);
        foreach (var s in playlist.Segments)
            target = Math.Max(target, HlsDuration.CeilingSeconds(HlsDuration.ToMilliseconds(s.Segment.Duration)));
        return target;
    }

    /// <summary>How many leading segments end at least <paramref name="boundaryMs"/> before the last finished segment ends.</summary>
    private static int Skippable(IReadOnlyList<Fmp4MediaSegment> segments, long boundaryMs)
    {
        long after = 0;
        foreach (var s in segments) after += HlsDuration.ToMilliseconds(s.Segment.Duration);
        int skipped = 0;
        foreach (var s in segments)
        {
            after -= HlsDuration.ToMilliseconds(s.Segment.Duration);
            if (after < boundaryMs) break;
            skipped++;
        }
        return skipped;
    }

    private static void Head(StringBuilder text, Fmp4MediaSegment s, ref string? map)
    {
        if (s.Segment.Discontinuity && map is not null) text.Append("#EXT-X-DISCONTINUITY\n");
        if (s.MapUri == map) return;
        text.Append("#EXT-X-MAP:URI=\"").Append(s.MapUri).Append("\"\n");
        map = s.MapUri;
    }

    private static void Parts(StringBuilder text, IReadOnlyList<HlsPart> parts)
    {
        foreach (var p in parts)
        {
            text.Append("#EXT-X-PART:DURATION=").Append(HlsDuration.Format(HlsDuration.ToMilliseconds(p.Duration)));
            text.Append(",URI=\"").Append(p.Uri).Append('"');
            if (p.Independent) text.Append(",INDEPENDENT=YES");
            text.Append('\n');
        }
    }
}

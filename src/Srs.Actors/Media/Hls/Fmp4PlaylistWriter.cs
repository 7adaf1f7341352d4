using System.Globalization;
using System.Text;

namespace Srs.Actors.Media.Hls;

/// <summary>
/// Renders an fMP4 media playlist (RFC 8216bis): <c>#EXT-X-MAP</c> before the first segment and wherever the init
/// segment changes, and with a part target the Low-Latency tags: <c>EXT-X-SERVER-CONTROL</c> (blocking reload,
/// PART-HOLD-BACK of three part targets, as 8216bis recommends), <c>EXT-X-PART-INF</c>, each segment's
/// <c>EXT-X-PART</c>s before its EXTINF, the live segment's parts and the <c>EXT-X-PRELOAD-HINT</c> last.
/// </summary>
public static class Fmp4PlaylistWriter
{
    // EXT-X-MAP in a playlist without I-FRAMES-ONLY needs version 6; 7 is what fMP4 HLS servers announce.
    private const int Version = 7;

    public static string Render(Fmp4Playlist playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var segments = playlist.Segments;
        long target = Math.Max(1, playlist.MinTargetDuration);
        foreach (var s in segments)
            target = Math.Max(target, HlsDuration.CeilingSeconds(HlsDuration.ToMilliseconds(s.Segment.Duration)));

        long mediaSequence = segments.Count > 0 ? segments[0].Segment.SequenceNumber : playlist.Live?.Segment.SequenceNumber ?? 0;
        var text = new StringBuilder(256 + 96 * segments.Count);
        text.Append("#EXTM3U\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n");
        if (playlist.PartTarget is { } partTarget)
        {
            long part = HlsDuration.ToMilliseconds(partTarget);
            text.Append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").Append(HlsDuration.Format(3 * part)).Append('\n');
            text.Append("#EXT-X-PART-INF:PART-TARGET=").Append(HlsDuration.Format(part)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{mediaSequence}\n");
        if (playlist.DiscontinuitySequence > 0) text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{playlist.DiscontinuitySequence}\n");
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        string? map = null;
        foreach (var s in segments)
        {
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

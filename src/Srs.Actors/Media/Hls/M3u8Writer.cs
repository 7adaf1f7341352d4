using System.Globalization;
using System.Text;

namespace Srs.Actors.Media.Hls;

/// <summary>Renders an RFC 8216 media playlist: the live window of segments, or a finished one with EXT-X-ENDLIST.</summary>
public static class M3u8Writer
{
    // 3 is the lowest version that allows decimal EXTINF durations (RFC 8216 7); nothing we write needs more.
    private const int Version = 3;

    /// <summary>
    /// Renders <paramref name="segments"/>, which must have consecutive sequence numbers. Lines end in LF; the target
    /// duration is the ceiling of the longest EXTINF and at least 1, so even an empty live playlist does not tell
    /// players to reload it continuously.
    /// </summary>
    /// <param name="minTargetDuration">A floor for EXT-X-TARGETDURATION (SRS: fragment x td-ratio), so it does not change from one refresh to the next.</param>
    /// <param name="discontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE: how many marked segments left the window (written when not 0).</param>
    public static string Render(IReadOnlyList<HlsSegment> segments, bool ended = false, long minTargetDuration = 1, long discontinuitySequence = 0)
    {
        ArgumentNullException.ThrowIfNull(segments);

        long target = Math.Max(1, minTargetDuration);
        for (int i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            Validate(segment, i == 0 ? null : segments[i - 1]);
            target = Math.Max(target, HlsDuration.CeilingSeconds(HlsDuration.ToMilliseconds(segment.Duration)));
        }

        long mediaSequence = segments.Count > 0 ? segments[0].SequenceNumber : 0;
        var text = new StringBuilder(128 + 64 * segments.Count);
        text.Append("#EXTM3U\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{mediaSequence}\n");
        if (discontinuitySequence > 0) text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuitySequence}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n");
        for (int i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Discontinuity)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append("#EXTINF:").Append(HlsDuration.Format(HlsDuration.ToMilliseconds(segment.Duration))).Append(",\n");
            text.Append(segment.Uri).Append('\n');
        }

        if (ended)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    private static void Validate(HlsSegment segment, HlsSegment? previous)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Duration < TimeSpan.Zero)
        {
            throw new ArgumentException($"Segment {segment.SequenceNumber} has a negative duration.", nameof(segment));
        }

        // A URI is one line; a line break or a leading '#' would turn the rest into tags a player would obey.
        if (string.IsNullOrEmpty(segment.Uri) || segment.Uri[0] == '#' || segment.Uri.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"Segment {segment.SequenceNumber} has an empty or multi-line URI, or one starting with '#'.", nameof(segment));
        }

        // Players number segments by their position after EXT-X-MEDIA-SEQUENCE, so gaps would misnumber the rest.
        if (previous is not null && segment.SequenceNumber != previous.SequenceNumber + 1)
        {
            throw new ArgumentException(
                $"Segment sequence numbers must be consecutive: {segment.SequenceNumber} follows {previous.SequenceNumber}.", nameof(segment));
        }
    }
}

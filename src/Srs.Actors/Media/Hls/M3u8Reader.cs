using System.Globalization;

namespace Srs.Actors.Media.Hls;

/// <summary>
/// Reads an RFC 8216 media playlist far enough to follow one: target duration, media sequence, segments with their
/// durations and discontinuities, end of list. Tags it does not know are skipped, as RFC 8216 4.1 tells clients to.
/// </summary>
public static class M3u8Reader
{
    private const string Header = "#EXTM3U";
    private const string TagTargetDuration = "#EXT-X-TARGETDURATION:";
    private const string TagMediaSequence = "#EXT-X-MEDIA-SEQUENCE:";
    private const string TagInf = "#EXTINF:";
    private const string TagDiscontinuity = "#EXT-X-DISCONTINUITY";
    private const string TagEndList = "#EXT-X-ENDLIST";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="InvalidDataException"/> for anything that is not a usable media playlist.</summary>
    public static M3u8Playlist Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? targetDuration = null;
        long mediaSequence = 0;
        bool ended = false;
        bool discontinuity = false;
        TimeSpan? duration = null;
        var segments = new List<HlsSegment>();
        bool first = true;
        int lineNumber = 0;

        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (first)
            {
                // RFC 8216 4.1: the first line must be the tag; a UTF-8 BOM in front of it is tolerated.
                if (!line.TrimStart('\uFEFF').SequenceEqual(Header))
                {
                    throw new InvalidDataException("Not an M3U8 playlist: the first line is not #EXTM3U.");
                }

                first = false;
                continue;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (line.StartsWith(TagInf, StringComparison.Ordinal))
            {
                var value = line[TagInf.Length..];
                int comma = value.IndexOf(',');
                duration = ParseDuration(comma < 0 ? value : value[..comma], lineNumber);
            }
            else if (line.StartsWith(TagTargetDuration, StringComparison.Ordinal))
            {
                long seconds = ParseInteger(line[TagTargetDuration.Length..], lineNumber);
                targetDuration = seconds <= int.MaxValue
                    ? (int)seconds
                    : throw new InvalidDataException($"Line {lineNumber}: target duration {seconds} s is out of range.");
            }
            else if (line.StartsWith(TagMediaSequence, StringComparison.Ordinal))
            {
                mediaSequence = ParseInteger(line[TagMediaSequence.Length..], lineNumber);
            }
            else if (line.SequenceEqual(TagDiscontinuity))
            {
                discontinuity = true;
            }
            else if (line.SequenceEqual(TagEndList))
            {
                ended = true;
            }
            else if (line[0] != '#')
            {
                if (duration is null)
                {
                    throw new InvalidDataException($"Line {lineNumber}: segment URI without a preceding #EXTINF.");
                }

                segments.Add(new HlsSegment(mediaSequence + segments.Count, duration.Value, line.ToString(), discontinuity));
                duration = null;
                discontinuity = false;
            }

            // Any other line starting with '#' is an unknown tag or a comment: ignored.
        }

        if (first)
        {
            throw new InvalidDataException("Not an M3U8 playlist: it is empty.");
        }

        if (targetDuration is null)
        {
            throw new InvalidDataException("Media playlist has no #EXT-X-TARGETDURATION, which RFC 8216 4.3.3.1 requires.");
        }

        return new M3u8Playlist(targetDuration.Value, mediaSequence, segments, ended);
    }

    private static long ParseInteger(ReadOnlySpan<char> value, int lineNumber)
    {
        // decimal-integer (RFC 8216 4.2): digits only, no sign.
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long result))
        {
            throw new InvalidDataException($"Line {lineNumber}: '{value}' is not a decimal-integer.");
        }

        return result;
    }

    private static TimeSpan ParseDuration(ReadOnlySpan<char> value, int lineNumber)
    {
        // decimal arithmetic keeps "2.345" exactly 2.345 s, where a double would land a tick off.
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds)
            || seconds > (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new InvalidDataException($"Line {lineNumber}: '{value}' is not an EXTINF duration.");
        }

        return TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero));
    }
}

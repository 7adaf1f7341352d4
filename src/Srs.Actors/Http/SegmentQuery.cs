using System.Text;

namespace Srs.Actors.Http;

/// <summary>
/// Carries a playlist request's query (<c>?token=...&amp;vhost=...</c>) over to the segment URIs in the playlist, so
/// that a player fetching the segments (hls.js, ffmpeg, Safari: none of them repeat the playlist's query) presents the
/// same play token and vhost. What SRS does with its <c>hls_ctx</c> argument, for the arguments the client brought.
/// </summary>
public static class SegmentQuery
{
    /// <summary>
    /// The playlist with <paramref name="query"/> (with or without its leading '?') appended to every URI line; tags
    /// and blank lines are kept as they are. An empty query returns the playlist itself.
    /// </summary>
    public static string Append(string playlist, string query)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var suffix = WithoutDirectives(query);
        if (suffix.Length == 0) return playlist;
        var result = new StringBuilder(playlist.Length + 16 * (suffix.Length + 1));
        var text = playlist.AsSpan();
        // EnumerateLines yields an empty last line after a final line break; that break is written with the line before.
        if (text.EndsWith("\n")) text = text[..^1];
        if (text.EndsWith("\r")) text = text[..^1];
        foreach (var line in text.EnumerateLines())
        {
            // RFC 8216 4.1: a line is a tag or comment when it starts with '#', blank, or else a URI.
            if (!line.IsEmpty && line[0] != '#' && !line.IsWhiteSpace())
            {
                result.Append(line);
                result.Append(line.Contains('?') ? '&' : '?').Append(suffix);
            }
            else if (line.StartsWith("#EXT-X-") && line.IndexOf("URI=\"") is >= 0 and var at)
            {
                // EXT-X-MAP, EXT-X-PART, EXT-X-PRELOAD-HINT: the URI is a quoted attribute, so the query goes inside the quotes.
                int open = at + 5;
                int close = line[open..].IndexOf('"');
                if (close < 0) { result.Append(line).Append('\n'); continue; }
                var uri = line.Slice(open, close);
                result.Append(line[..(open + close)]).Append(uri.Contains('?') ? '&' : '?').Append(suffix).Append(line[(open + close)..]);
            }
            else
            {
                result.Append(line);
            }

            result.Append('\n');
        }
        return result.ToString();
    }

    /// <summary>
    /// The query without the LL-HLS delivery directives (<c>_HLS_msn</c>, <c>_HLS_part</c>, <c>_HLS_skip</c>): they are
    /// about this playlist request, and a segment fetched with them would be a different URL for every reload.
    /// </summary>
    public static string WithoutDirectives(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var text = query[0] == '?' ? query[1..] : query;
        if (!text.Contains("_HLS_", StringComparison.Ordinal)) return text;
        var kept = text.Split('&').Where(p => p.Length > 0 && !p.StartsWith("_HLS_", StringComparison.Ordinal));
        return string.Join('&', kept);
    }
}

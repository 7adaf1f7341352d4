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
        if (string.IsNullOrEmpty(query) || query == "?") return playlist;
        var suffix = query[0] == '?' ? query.AsSpan(1) : query.AsSpan();
        var result = new StringBuilder(playlist.Length + 16 * (suffix.Length + 1));
        var text = playlist.AsSpan();
        // EnumerateLines yields an empty last line after a final line break; that break is written with the line before.
        if (text.EndsWith("\n")) text = text[..^1];
        if (text.EndsWith("\r")) text = text[..^1];
        foreach (var line in text.EnumerateLines())
        {
            result.Append(line);
            // RFC 8216 4.1: a line is a tag or comment when it starts with '#', blank, or else a URI.
            if (!line.IsEmpty && line[0] != '#' && !line.IsWhiteSpace())
                result.Append(line.Contains('?') ? '&' : '?').Append(suffix);
            result.Append('\n');
        }
        return result.ToString();
    }
}

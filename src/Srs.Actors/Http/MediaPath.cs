namespace Srs.Actors.Http;

/// <summary>What a media URL asks for: <c>/app/stream.flv</c>, <c>/app/stream.m3u8</c>, <c>/app/stream-12.ts</c>, fMP4's <c>/app/stream-12.m4s</c>, <c>/app/stream-12.3.m4s</c> (a part), <c>/app/stream-0.mp4</c> (an init segment).</summary>
public readonly record struct MediaPath(string App, string Name, string Extension)
{
    private const int MaxLength = 512;

    /// <summary>
    /// Parses a decoded request path. Media lives in memory, never on a file system path built from the URL,
    /// and anything that could climb or hide a segment (<c>..</c>, backslashes, NULs, leftover <c>%</c>
    /// from double encoding, empty segments) is refused outright.
    /// </summary>
    public static bool TryParse(string? path, out MediaPath media)
    {
        media = default;
        if (string.IsNullOrEmpty(path) || path.Length > MaxLength || path[0] != '/') return false;
        foreach (var c in path)
            if (c is '\\' or '%' or '\0' or ':' || char.IsControl(c)) return false;
        var segments = path[1..].Split('/');
        if (segments.Length < 2) return false;
        foreach (var s in segments)
            if (s.Length == 0 || s == "." || s == "..") return false;
        var last = segments[^1];
        int dot = last.LastIndexOf('.');
        if (dot <= 0 || dot == last.Length - 1) return false;
        var ext = last[(dot + 1)..].ToLowerInvariant();
        if (ext is not ("flv" or "m3u8" or "ts" or "m4s" or "mp4")) return false;
        var name = last[..dot];
        // An .mp4 here is only an fMP4 HLS init segment, named stream-N: other .mp4 URLs belong to other handlers.
        if (ext == "mp4" && !(name.LastIndexOf('-') is > 0 and var dash && long.TryParse(name.AsSpan(dash + 1), out _))) return false;
        // "..ts" and "...flv" pass the segment check but name the streams "." and "..": just as much a climb.
        if (name is "." or "..") return false;
        media = new MediaPath(string.Join('/', segments[..^1]), name, ext);
        return true;
    }
}

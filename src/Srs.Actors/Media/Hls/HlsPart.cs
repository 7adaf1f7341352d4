namespace Srs.Actors.Media.Hls;

/// <summary>A partial segment of a Low-Latency HLS playlist (RFC 8216bis 4.4.4.9): <c>#EXT-X-PART</c>.</summary>
/// <param name="Independent">It starts with a picture a decoder can start at (INDEPENDENT=YES).</param>
public sealed record HlsPart(TimeSpan Duration, string Uri, bool Independent);

/// <summary>A media segment of an fMP4 playlist: its initialization section and, in LL-HLS, its parts.</summary>
/// <param name="MapUri">The init segment (<c>#EXT-X-MAP</c>) its fragments decode with.</param>
/// <param name="Parts">Its parts, listed before its EXTINF; empty when parts are not listed.</param>
public sealed record Fmp4MediaSegment(HlsSegment Segment, string MapUri, IReadOnlyList<HlsPart> Parts);

/// <summary>
/// What an fMP4 media playlist shows: the finished segments, and for LL-HLS the parts of the segment being
/// written (<paramref name="Live"/>, no EXTINF yet), the part target and the next part's URI (the preload hint).
/// </summary>
public sealed record Fmp4Playlist(
    IReadOnlyList<Fmp4MediaSegment> Segments,
    long MinTargetDuration,
    Fmp4MediaSegment? Live = null,
    TimeSpan? PartTarget = null,
    string? PreloadHintUri = null,
    long DiscontinuitySequence = 0);

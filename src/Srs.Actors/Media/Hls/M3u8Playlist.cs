namespace Srs.Actors.Media.Hls;

/// <summary>What <see cref="M3u8Reader"/> found in a media playlist.</summary>
/// <param name="TargetDuration">EXT-X-TARGETDURATION in whole seconds.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE, 0 when absent (RFC 8216 4.3.3.2).</param>
/// <param name="Ended">Whether EXT-X-ENDLIST was present.</param>
public sealed record M3u8Playlist(int TargetDuration, long MediaSequence, IReadOnlyList<HlsSegment> Segments, bool Ended);

namespace Srs.Actors.Media.Hls;

/// <summary>One media segment of an HLS media playlist (RFC 8216 3, 4.3.2).</summary>
/// <param name="SequenceNumber">Media sequence number; a playlist's segments are consecutive (RFC 8216 6.2.1).</param>
/// <param name="Duration">Playback duration, written as EXTINF with millisecond precision.</param>
/// <param name="Uri">Segment URI, usually relative to the playlist.</param>
/// <param name="Discontinuity">True when this segment's encoding or timestamps do not continue the previous one's
/// (a camera reconnect, a new sequence header), so players must reset their decoders and timelines.</param>
public sealed record HlsSegment(long SequenceNumber, TimeSpan Duration, string Uri, bool Discontinuity);

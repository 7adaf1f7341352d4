namespace Srs.Actors.Media.Rtp;

/// <summary>One access unit (H.264/H.265: its NAL units) or audio frame out of a depacketizer, at its RTP timestamp.</summary>
public sealed record RtpMediaUnit(uint Timestamp, IReadOnlyList<ReadOnlyMemory<byte>> Parts);

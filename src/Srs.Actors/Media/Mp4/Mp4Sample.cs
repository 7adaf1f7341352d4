namespace Srs.Actors.Media.Mp4;

/// <summary>
/// One sample of a track run: its duration and composition offset (PTS - DTS) in the track's timescale, its size
/// in bytes, and whether a decoder can start at it (a sync sample).
/// </summary>
public readonly record struct Mp4Sample(uint Duration, int Size, bool IsSync, int CompositionOffset);

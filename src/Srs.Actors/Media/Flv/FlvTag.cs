namespace Srs.Actors.Media;

/// <summary>One FLV tag: its kind, its 32-bit millisecond timestamp (24 bits + extended byte combined) and its body.</summary>
public readonly record struct FlvTag(MediaKind Kind, uint Timestamp, ReadOnlyMemory<byte> Body);

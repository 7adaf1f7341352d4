namespace Srs.Actors.Ingest;

/// <summary>
/// What one access unit becomes in FLV/RTMP: an AVC sequence header when the parameter sets are new or changed
/// (sent first), and the video frame when there is a decodable picture.
/// </summary>
public readonly record struct AvcTags(byte[]? SequenceHeader, byte[]? Frame, bool KeyFrame);

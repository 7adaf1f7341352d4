namespace Srs.Actors.Media;

/// <summary>
/// FLV tag type, which is also the RTMP message type id of the matching message
/// (8 audio, 9 video, 18 AMF0 data), so one value serves both layers.
/// </summary>
public enum MediaKind : byte
{
    Audio = 8,
    Video = 9,
    Script = 18,
}

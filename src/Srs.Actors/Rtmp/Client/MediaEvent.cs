using Srs.Actors.Media;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// One audio, video or script (data) message, its body exactly as an FLV tag of that kind carries it: for video the
/// FLV video tag header (frame type, codec, AVC packet type, composition time) followed by the data, for script the
/// AMF0 values (<c>onMetaData</c>, <c>|RtmpSampleAccess</c>, ...).
/// </summary>
/// <param name="Kind">Audio, video or script.</param>
/// <param name="Timestamp">The message's timestamp in milliseconds (the DTS for video).</param>
/// <param name="Body">The tag body; owned by the event, nobody writes to it afterwards.</param>
public sealed record MediaEvent(MediaKind Kind, uint Timestamp, ReadOnlyMemory<byte> Body) : RtmpClientEvent;

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// What a video frame's RTP payloads depend on besides the frame: the codec (RFC 6184 packetization-mode 1 or RFC
/// 7798) and the NAL length size of the stream's sequence header. Payload types and SSRCs are not in the payloads, so
/// it is the key of a frame's payloads shared by the players of one protocol (WebRTC, RTSP).
/// </summary>
public readonly record struct VideoPayloadFormat(VideoCodec Codec, int NalLengthSize);

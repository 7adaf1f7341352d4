namespace Srs.Actors.Media;

/// <summary>
/// Inspection of FLV video tag bodies (identical to RTMP video message bodies), legacy and enhanced RTMP.
/// Every method tolerates short or garbage input by answering "no"/Unknown/0, because these run on every
/// message from untrusted publishers and a malformed packet must not take the session down.
/// </summary>
public static class FlvVideo
{
    private const int FrameTypeKey = 1;
    private const int FrameTypeCommand = 5;

    private const int CodecAvc = 7;
    private const int CodecHevcLegacy = 12; // not in the Adobe spec; common Chinese encoders/servers use it for HEVC

    private const int AvcSequenceHeader = 0;
    private const int AvcNalu = 1;

    private const int ExSequenceStart = 0;
    private const int ExCodedFrames = 1;
    private const int ExCodedFramesX = 3;
    private const int ExMultitrack = 6;

    /// <summary>True for a frame type 1 (key frame) body that carries coded picture data.</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        if (IsExHeader(body[0]))
        {
            return ((body[0] >> 4) & 0x07) == FrameTypeKey
                && ExHeader.TryParse(body, ExMultitrack, out var ex)
                && ex.PacketType is ExCodedFrames or ExCodedFramesX;
        }

        if (body[0] >> 4 != FrameTypeKey)
        {
            return false;
        }

        // AVC/HEVC sequence headers and end-of-sequence markers are also sent with frame type 1;
        // only NALU packets start a decodable GOP.
        return !HasAvcPacketType(body[0]) || (body.Length >= 2 && body[1] == AvcNalu);
    }

    /// <summary>True for an AVC/HEVC decoder configuration (AVCPacketType 0) or an enhanced SequenceStart.</summary>
    public static bool IsSequenceHeader(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        if (IsExHeader(body[0]))
        {
            return ((body[0] >> 4) & 0x07) != FrameTypeCommand
                && ExHeader.TryParse(body, ExMultitrack, out var ex)
                && ex.PacketType == ExSequenceStart;
        }

        // For a command frame byte 1 is a command (0 = start of seek), not a packet type.
        return body.Length >= 2
            && body[0] >> 4 != FrameTypeCommand
            && HasAvcPacketType(body[0])
            && body[1] == AvcSequenceHeader;
    }

    public static VideoCodec GetCodec(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return VideoCodec.Unknown;
        }

        if (IsExHeader(body[0]))
        {
            // An enhanced command frame carries no FourCC we could trust.
            if (((body[0] >> 4) & 0x07) == FrameTypeCommand || !ExHeader.TryParse(body, ExMultitrack, out var ex))
            {
                return VideoCodec.Unknown;
            }

            return ex.FourCc switch
            {
                FourCc.Avc => VideoCodec.Avc,
                FourCc.Hevc => VideoCodec.Hevc,
                FourCc.Av1 => VideoCodec.Av1,
                FourCc.Vp9 => VideoCodec.Vp9,
                _ => VideoCodec.Other,
            };
        }

        return (body[0] & 0x0F) switch
        {
            CodecAvc => VideoCodec.Avc,
            CodecHevcLegacy => VideoCodec.Hevc,
            >= 2 and <= 6 => VideoCodec.Other, // Sorenson H.263, screen video, On2 VP6 (+alpha), screen video v2
            _ => VideoCodec.Unknown,
        };
    }

    /// <summary>
    /// Composition time offset (PTS - DTS) in milliseconds for AVC/HEVC coded frames, signed 24-bit;
    /// 0 for every other packet, including enhanced CodedFramesX which exists precisely to omit a zero offset.
    /// </summary>
    public static int GetCompositionTime(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return 0;
        }

        if (IsExHeader(body[0]))
        {
            if (!ExHeader.TryParse(body, ExMultitrack, out var ex)
                || ex.PacketType != ExCodedFrames
                || ex.FourCc is not (FourCc.Avc or FourCc.Hevc)
                || ex.PayloadOffset + 3 > body.Length)
            {
                return 0;
            }

            return ReadSi24(body.Slice(ex.PayloadOffset, 3));
        }

        if (body.Length < 5 || body[0] >> 4 == FrameTypeCommand || !HasAvcPacketType(body[0]) || body[1] != AvcNalu)
        {
            return 0;
        }

        return ReadSi24(body.Slice(2, 3));
    }

    /// <summary>True for an enhanced RTMP (E-RTMP) body: FourCC-based, not the legacy codec id layout.</summary>
    public static bool IsEnhanced(ReadOnlySpan<byte> body) => !body.IsEmpty && IsExHeader(body[0]);

    private static bool IsExHeader(byte first) => (first & 0x80) != 0;

    // Legacy HEVC (id 12) reuses the AVC body layout: packet type, SI24 composition time, payload.
    private static bool HasAvcPacketType(byte first) => (first & 0x0F) is CodecAvc or CodecHevcLegacy;

    private static int ReadSi24(ReadOnlySpan<byte> source)
    {
        // Shift the 24-bit value into the top of an int and arithmetic-shift back to sign-extend.
        int raw = (source[0] << 16) | (source[1] << 8) | source[2];
        return (raw << 8) >> 8;
    }
}

namespace Srs.Actors.Media;

/// <summary>
/// Inspection of FLV audio tag bodies (identical to RTMP audio message bodies), legacy and enhanced RTMP.
/// Short or garbage input answers Unknown/false rather than throwing.
/// </summary>
public static class FlvAudio
{
    private const int FormatAac = 10;
    private const int FormatExHeader = 9; // E-RTMP v2 reuses the reserved value 9 to announce a FourCC header
    private const int AacSequenceHeader = 0;

    private const int ExSequenceStart = 0;
    private const int ExMultitrack = 5;

    public static AudioCodec GetCodec(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return AudioCodec.Unknown;
        }

        int format = body[0] >> 4;
        if (format == FormatExHeader)
        {
            if (!ExHeader.TryParse(body, ExMultitrack, out var ex))
            {
                return AudioCodec.Unknown;
            }

            return ex.FourCc switch
            {
                FourCc.Aac => AudioCodec.Aac,
                FourCc.Mp3 => AudioCodec.Mp3,
                FourCc.Opus => AudioCodec.Opus,
                _ => AudioCodec.Other, // fLaC, ac-3, ec-3 and future FourCCs
            };
        }

        return format switch
        {
            2 or 14 => AudioCodec.Mp3, // 14 is "MP3 8 kHz"
            7 => AudioCodec.G711A,
            8 => AudioCodec.G711U,
            FormatAac => AudioCodec.Aac,
            11 => AudioCodec.Speex,
            13 => AudioCodec.Opus, // reserved by Adobe; RTC-bridging servers in the wild put Opus here
            0 or 1 or 3 or 4 or 5 or 6 or 15 => AudioCodec.Other, // PCM, ADPCM, Nellymoser, device-specific
            _ => AudioCodec.Unknown, // 12 is reserved
        };
    }

    /// <summary>True for an AAC AudioSpecificConfig (AACPacketType 0) or an enhanced SequenceStart.</summary>
    public static bool IsSequenceHeader(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        int format = body[0] >> 4;
        if (format == FormatExHeader)
        {
            return ExHeader.TryParse(body, ExMultitrack, out var ex) && ex.PacketType == ExSequenceStart;
        }

        return format == FormatAac && body.Length >= 2 && body[1] == AacSequenceHeader;
    }
}

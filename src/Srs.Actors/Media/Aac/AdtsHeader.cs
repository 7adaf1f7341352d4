namespace Srs.Actors.Media;

/// <summary>
/// ADTS frame header (ISO 14496-3 1.A.2.2): how raw camera AAC streams and MPEG-TS carry AAC.
/// </summary>
/// <param name="ObjectType">profile_ObjectType + 1 (1 Main, 2 LC, 3 SSR, 4 LTP).</param>
/// <param name="Channels">Channel count derived from channel_configuration; 0 means a PCE in the payload defines them.</param>
/// <param name="FrameLength">aac_frame_length: header plus payload, in bytes.</param>
/// <param name="HeaderLength">7, or 9 when a CRC follows the fixed fields.</param>
public readonly record struct AdtsHeader(int ObjectType, int SampleRateIndex, int Channels, int FrameLength, int HeaderLength)
{
    private const int FixedHeaderLength = 7;
    private const int CrcHeaderLength = 9;
    private const int MaxFrameLength = (1 << 13) - 1; // aac_frame_length is 13 bits
    private const int AotLc = 2;

    /// <summary>The largest raw frame a 7-byte header can announce (aac_frame_length is 13 bits).</summary>
    public const int MaxPayloadLength = MaxFrameLength - FixedHeaderLength;

    /// <summary>
    /// Parses a header at the start of <paramref name="data"/> (7 bytes suffice). Returns false when there is no sync word,
    /// the layer is not 0 (MPEG audio layers share the sync bits), or the rate index or frame length is impossible.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        if (data.Length < FixedHeaderLength || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            return false; // 12-bit syncword, then ID (either), layer must be 00
        }

        bool protectionAbsent = (data[1] & 0x01) != 0;
        int profile = data[2] >> 6;
        int sampleRateIndex = (data[2] >> 2) & 0x0F;
        int channelConfiguration = ((data[2] & 0x01) << 2) | (data[3] >> 6);
        int frameLength = ((data[3] & 0x03) << 11) | (data[4] << 3) | (data[5] >> 5);
        int headerLength = protectionAbsent ? FixedHeaderLength : CrcHeaderLength;

        if (!AacSampleRates.TryGetRate(sampleRateIndex, out _) || frameLength < headerLength)
        {
            return false;
        }

        AacChannels.TryGetCount(channelConfiguration, out int channels); // every 3-bit value maps
        header = new AdtsHeader(profile + 1, sampleRateIndex, channels, frameLength, headerLength);
        return true;
    }

    /// <summary>
    /// Writes a 7-byte header (MPEG-4, no CRC, VBR buffer fullness, one raw data block) for a payload of
    /// <paramref name="payloadLength"/> bytes. HE-AAC configs are written as their LC core: ADTS has no way to
    /// signal SBR/PS explicitly and decoders detect it in the payload.
    /// </summary>
    public static void Write(Span<byte> destination, AudioSpecificConfig asc, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(asc);
        if (destination.Length < FixedHeaderLength)
        {
            throw new ArgumentException($"Destination needs {FixedHeaderLength} bytes.", nameof(destination));
        }

        if (WhyNotCarried(asc) is { } reason)
        {
            throw new ArgumentException(reason, nameof(asc));
        }

        int objectType = asc.ObjectType is 5 or 29 ? AotLc : asc.ObjectType;
        int channelConfiguration = AacChannels.ToConfiguration(asc.Channels);
        int frameLength = FixedHeaderLength + payloadLength;
        if (payloadLength is < 0 or > MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, $"ADTS frames hold at most {MaxPayloadLength} payload bytes.");
        }

        const int bufferFullnessVbr = 0x7FF;
        destination[0] = 0xFF;
        destination[1] = 0xF1; // sync low nibble, ID 0 (MPEG-4), layer 00, protection_absent 1
        destination[2] = (byte)(((objectType - 1) << 6) | (asc.SampleRateIndex << 2) | (channelConfiguration >> 2));
        destination[3] = (byte)(((channelConfiguration & 0x03) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 0x07) << 5) | (bufferFullnessVbr >> 6));
        destination[6] = (byte)((bufferFullnessVbr & 0x3F) << 2); // number_of_raw_data_blocks_in_frame - 1 = 0
    }

    /// <summary>
    /// Why ADTS cannot describe <paramref name="asc"/>, or null if it can: ADTS has a 2-bit profile (object types
    /// 1-4, HE via its LC core), only the tabulated sampling rates and a 3-bit channel configuration. Publishers
    /// send such configs (AAC-LD, explicit rates), so callers check before converting rather than fail per frame.
    /// </summary>
    public static string? WhyNotCarried(AudioSpecificConfig asc)
    {
        ArgumentNullException.ThrowIfNull(asc);
        int objectType = asc.ObjectType is 5 or 29 ? AotLc : asc.ObjectType;
        if (objectType is < 1 or > 4)
        {
            return $"ADTS can only carry AAC object types 1-4 (and HE via its LC core), not {asc.ObjectType}.";
        }

        if (!AacSampleRates.TryGetRate(asc.SampleRateIndex, out _))
        {
            return $"ADTS cannot carry samplingFrequencyIndex {asc.SampleRateIndex}.";
        }

        return AacChannels.ToConfiguration(asc.Channels) is < 0 or > 7 ? $"ADTS cannot carry {asc.Channels} channels." : null;
    }
}

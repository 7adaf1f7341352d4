namespace Srs.Actors.Media;

/// <summary>
/// MPEG-4 AudioSpecificConfig (ISO 14496-3 1.6.2.1): the body of an FLV/RTMP AAC sequence header.
/// For HE-AAC (SBR, object type 5) and HE-AACv2 (SBR+PS, 29) <see cref="ObjectType"/> is 5/29 while
/// <see cref="SampleRateIndex"/>, <see cref="SampleRate"/> and <see cref="Channels"/> describe the AAC-LC core,
/// which is what ADTS and MPEG-TS carry; decoders run SBR at twice the core rate.
/// </summary>
/// <param name="Channels">Channel count derived from channelConfiguration; 0 means a program_config_element defines them.</param>
public sealed record AudioSpecificConfig(int ObjectType, int SampleRateIndex, int SampleRate, int Channels)
{
    private const int AotLc = 2;
    private const int AotSbr = 5;
    private const int AotPs = 29;
    private const int AotErBsac = 22;
    private const int AotEscape = 31;
    private const int SyncExtensionSbr = 0x2B7;
    private const int SyncExtensionPs = 0x548;

    public string ProfileName => ObjectType switch
    {
        1 => "Main",
        AotLc => "LC",
        3 => "SSR",
        4 => "LTP",
        AotSbr => "HE",
        AotPs => "HEv2",
        23 => "LD",
        39 => "ELD",
        42 => "USAC",
        _ => $"AOT {ObjectType}",
    };

    /// <summary>Parses the config; throws <see cref="InvalidDataException"/> when truncated or using reserved values.</summary>
    public static AudioSpecificConfig Parse(ReadOnlySpan<byte> asc)
    {
        var bits = new BitReader(asc, "AudioSpecificConfig");
        int objectType = ReadObjectType(ref bits);
        (int sampleRateIndex, int sampleRate) = ReadSampleRate(ref bits);
        int channelConfiguration = (int)bits.ReadBits(4);
        if (!AacChannels.TryGetCount(channelConfiguration, out int channels))
        {
            throw new InvalidDataException($"AudioSpecificConfig uses reserved channelConfiguration {channelConfiguration}.");
        }

        if (objectType is AotSbr or AotPs)
        {
            // Explicit hierarchical signalling: the SBR output rate, then the core object type.
            ReadSampleRate(ref bits);
            int coreType = ReadObjectType(ref bits);
            if (coreType == AotErBsac)
            {
                bits.Skip(4); // extensionChannelConfiguration
            }
        }
        else if (objectType == AotLc && channelConfiguration != 0 && TryDetectImplicitSbr(ref bits, out int extendedType))
        {
            objectType = extendedType;
        }

        return new AudioSpecificConfig(objectType, sampleRateIndex, sampleRate, channels);
    }

    /// <summary>
    /// Serialises the config. HE/HEv2 are written with explicit signalling (core LC, SBR at twice the core rate),
    /// which every current decoder accepts; only object types 1-5 and 29 are supported.
    /// </summary>
    public byte[] Encode()
    {
        if (ObjectType is not ((>= 1 and <= 4) or AotSbr or AotPs))
        {
            throw new InvalidOperationException($"Encoding AudioSpecificConfig for object type {ObjectType} is not supported.");
        }

        int channelConfiguration = AacChannels.ToConfiguration(Channels);
        if (channelConfiguration < 0)
        {
            throw new InvalidOperationException($"{Channels} channels have no channelConfiguration.");
        }

        Span<byte> buffer = stackalloc byte[16];
        var writer = new BitWriter(buffer);
        writer.WriteBits((uint)ObjectType, 5);
        WriteSampleRate(ref writer, SampleRateIndex, SampleRate);
        writer.WriteBits((uint)channelConfiguration, 4);
        if (ObjectType is AotSbr or AotPs)
        {
            int extensionRate = SampleRate * 2;
            int extensionIndex = AacSampleRates.IndexOf(extensionRate);
            WriteSampleRate(ref writer, extensionIndex < 0 ? AacSampleRates.ExplicitIndex : extensionIndex, extensionRate);
            writer.WriteBits(AotLc, 5);
        }

        // GASpecificConfig: frameLengthFlag 0 (1024 samples), dependsOnCoreCoder 0, extensionFlag 0.
        writer.WriteBits(0, 3);
        return buffer[..writer.BytesWritten].ToArray();
    }

    private static int ReadObjectType(ref BitReader bits)
    {
        int type = (int)bits.ReadBits(5);
        return type == AotEscape ? 32 + (int)bits.ReadBits(6) : type;
    }

    private static (int Index, int Rate) ReadSampleRate(ref BitReader bits)
    {
        int index = (int)bits.ReadBits(4);
        if (index == AacSampleRates.ExplicitIndex)
        {
            return (index, (int)bits.ReadBits(24));
        }

        if (!AacSampleRates.TryGetRate(index, out int rate))
        {
            throw new InvalidDataException($"AudioSpecificConfig uses reserved samplingFrequencyIndex {index}.");
        }

        return (index, rate);
    }

    private static void WriteSampleRate(ref BitWriter writer, int index, int rate)
    {
        if (index == AacSampleRates.ExplicitIndex)
        {
            writer.WriteBits((uint)index, 4);
            writer.WriteBits((uint)rate, 24);
            return;
        }

        if (!AacSampleRates.TryGetRate(index, out int tabulated) || tabulated != rate)
        {
            throw new InvalidOperationException($"SampleRateIndex {index} does not denote {rate} Hz.");
        }

        writer.WriteBits((uint)index, 4);
    }

    /// <summary>
    /// Backward-compatible SBR/PS signalling (1.6.5.2): an LC config followed by sync extensions that old decoders
    /// ignore. Reads defensively: a config that simply ends after GASpecificConfig is plain LC.
    /// </summary>
    private static bool TryDetectImplicitSbr(ref BitReader bits, out int objectType)
    {
        objectType = AotLc;

        // GASpecificConfig for LC with channelConfiguration != 0.
        if (bits.BitsRemaining < 3)
        {
            return false;
        }

        bits.Skip(1); // frameLengthFlag
        if (bits.ReadFlag()) // dependsOnCoreCoder
        {
            if (bits.BitsRemaining < 14)
            {
                return false;
            }

            bits.Skip(14); // coreCoderDelay
        }

        if (bits.BitsRemaining < 1)
        {
            return false;
        }

        if (bits.ReadFlag()) // extensionFlag: for LC only extensionFlag3 follows
        {
            if (bits.BitsRemaining < 1)
            {
                return false;
            }

            bits.Skip(1);
        }

        if (bits.BitsRemaining < 16 || bits.ReadBits(11) != SyncExtensionSbr)
        {
            return false;
        }

        if (bits.ReadBits(5) != AotSbr || bits.BitsRemaining < 5 || !bits.ReadFlag())
        {
            return false;
        }

        int index = (int)bits.ReadBits(4); // extensionSamplingFrequencyIndex
        if (index == AacSampleRates.ExplicitIndex)
        {
            if (bits.BitsRemaining < 24)
            {
                return false;
            }

            bits.Skip(24);
        }

        objectType = AotSbr;
        if (bits.BitsRemaining >= 12 && bits.ReadBits(11) == SyncExtensionPs && bits.ReadFlag())
        {
            objectType = AotPs;
        }

        return true;
    }
}

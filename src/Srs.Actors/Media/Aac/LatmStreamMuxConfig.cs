namespace Srs.Actors.Media;

/// <summary>
/// The StreamMuxConfig of LATM (ISO/IEC 14496-3 1.7.3) that RFC 6416 puts in an <c>MP4A-LATM</c> SDP's <c>config</c>
/// when <c>cpresent=0</c>: only audioMuxVersion 0 with one program of one layer and variable frame lengths
/// (frameLengthType 0), which is what cameras and encoders send; <see cref="AudioSpecificConfig"/> is the embedded
/// config, <see cref="AscBytes"/> its bits byte-aligned (what an FLV sequence header carries).
/// </summary>
/// <param name="SubFrames">Payloads per AudioMuxElement (numSubFrames + 1), each one AAC frame.</param>
/// <param name="OtherDataBits">Bits of other data after the payloads of each AudioMuxElement.</param>
public sealed record LatmStreamMuxConfig(AudioSpecificConfig AudioSpecificConfig, byte[] AscBytes, int SubFrames, long OtherDataBits)
{
    /// <exception cref="InvalidDataException">A config cut short, or one of the forms this node does not take, named.</exception>
    public static LatmStreamMuxConfig Parse(ReadOnlySpan<byte> config)
    {
        var r = new BitReader(config, "StreamMuxConfig");
        if (r.ReadFlag()) throw new InvalidDataException("LATM audioMuxVersion 1 is not supported");
        r.Skip(1); // allStreamsSameTimeFraming: one layer, so always the same
        int subFrames = (int)r.ReadBits(6) + 1;
        int programs = (int)r.ReadBits(4) + 1, layers = (int)r.ReadBits(3) + 1;
        if (programs != 1 || layers != 1) throw new InvalidDataException($"LATM with {programs} programs of {layers} layers is not supported (one of one)");
        int ascStart = r.BitPosition;
        SkipAudioSpecificConfig(ref r);
        var asc = CopyBits(config, ascStart, r.BitPosition - ascStart);
        // Some payloaders (GStreamer's rtpmp4apay) end the config inside the fields after the ASC: what is missing is
        // taken as their defaults (variable frame lengths, no other data, no CRC), as ffmpeg reads such configs.
        if (r.BitsRemaining >= 3 && r.ReadBits(3) is var frameLengthType and not 0)
            throw new InvalidDataException($"LATM frameLengthType {frameLengthType} is not supported (only 0, variable length)");
        if (r.BitsRemaining >= 8) r.Skip(8); // latmBufferFullness
        long otherDataBits = 0;
        if (r.BitsRemaining >= 1 && r.ReadFlag())
        {
            bool escape = true;
            for (int i = 0; escape; i++)
            {
                if (i == 4) throw new InvalidDataException("LATM otherDataLenBits over 32 bits");
                escape = r.ReadFlag();
                otherDataBits = (otherDataBits << 8) | r.ReadBits(8);
            }
        }
        return new LatmStreamMuxConfig(AudioSpecificConfig.Parse(asc), asc, subFrames, otherDataBits);
    }

    /// <summary>Past an AudioSpecificConfig (1.6.2.1) of the AAC object types, whose length nothing else states in LATM.</summary>
    private static void SkipAudioSpecificConfig(ref BitReader r)
    {
        int type = ObjectType(ref r);
        if (r.ReadBits(4) == 15) r.Skip(24); // samplingFrequency itself
        int channelConfiguration = (int)r.ReadBits(4);
        if (type is 5 or 29)
        {
            if (r.ReadBits(4) == 15) r.Skip(24); // extensionSamplingFrequency
            type = ObjectType(ref r);
            if (type == 22) r.Skip(4); // extensionChannelConfiguration
        }
        if (type is not (1 or 2 or 3 or 4 or 6 or 7 or 17 or 19 or 20 or 21 or 22 or 23))
            throw new InvalidDataException($"LATM audio object type {type} is not supported (AAC only)");
        // GASpecificConfig (4.4.1)
        r.Skip(1); // frameLengthFlag
        if (r.ReadFlag()) r.Skip(14); // coreCoderDelay
        bool extension = r.ReadFlag();
        if (channelConfiguration == 0) throw new InvalidDataException("LATM with a program_config_element is not supported");
        if (type is 6 or 20) r.Skip(3); // layerNr
        if (extension)
        {
            if (type == 22) r.Skip(16); // numOfSubFrame, layer_length
            if (type is 17 or 19 or 20 or 23) r.Skip(3); // the three resilience flags
            r.Skip(1); // extensionFlag3
        }
        if (type is 17 or >= 19 and <= 27 && r.ReadBits(2) is 2 or 3) throw new InvalidDataException("LATM with an ErrorProtectionSpecificConfig is not supported");
        SkipSyncExtension(ref r);
    }

    /// <summary>Backward-compatible SBR/PS signalling (1.6.2.1) after the GASpecificConfig, when its sync word follows.</summary>
    private static void SkipSyncExtension(ref BitReader r)
    {
        var probe = r;
        if (probe.BitsRemaining < 16 || probe.ReadBits(11) != 0x2B7) return;
        int type = ObjectType(ref probe);
        if (type is 5 or 22)
        {
            if (probe.ReadFlag() && probe.ReadBits(4) == 15) probe.Skip(24); // sbrPresentFlag, extensionSamplingFrequency
            if (type == 22) probe.Skip(4); // extensionChannelConfiguration
            else if (probe.BitsRemaining >= 12)
            {
                var ps = probe;
                if (ps.ReadBits(11) == 0x548)
                {
                    ps.Skip(1); // psPresentFlag
                    probe = ps;
                }
            }
        }
        r = probe;
    }

    private static int ObjectType(ref BitReader r)
    {
        int type = (int)r.ReadBits(5);
        return type == 31 ? 32 + (int)r.ReadBits(6) : type;
    }

    private static byte[] CopyBits(ReadOnlySpan<byte> source, int start, int count)
    {
        var bytes = new byte[(count + 7) / 8];
        var r = new BitReader(source, "StreamMuxConfig");
        r.Skip(start);
        var w = new BitWriter(bytes);
        for (; count > 0; count -= Math.Min(count, 8)) w.WriteBits(r.ReadBits(Math.Min(count, 8)), Math.Min(count, 8));
        return bytes;
    }
}

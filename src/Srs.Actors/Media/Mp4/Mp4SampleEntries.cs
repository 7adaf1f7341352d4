namespace Srs.Actors.Media.Mp4;

/// <summary>
/// The sample entries of <c>stsd</c>: <c>avc1</c>, <c>hvc1</c> (ISO 14496-15), <c>mp4a</c> with its <c>esds</c> (ISO 14496-14)
/// for AAC and MP3, and <c>Opus</c> with its <c>dOps</c>.
/// </summary>
internal static class Mp4SampleEntries
{
    private const byte ObjectTypeAac = 0x40; // ISO 14496-3 audio
    private const byte ObjectTypeMpeg2Audio = 0x69; // ISO 13818-3 (MP4RA object types)
    private const byte ObjectTypeMpeg1Audio = 0x6B; // ISO 11172-3
    private const int OpusTimescale = 48000;
    private const byte StreamTypeAudio = 0x05;

    public static void Write(BoxWriter w, Mp4SampleEntry entry)
    {
        switch (entry)
        {
            case AvcSampleEntry avc:
                WriteVisual(w, "avc1", "avcC", avc.DecoderConfig, avc.Width, avc.Height);
                break;
            case HevcSampleEntry hevc:
                WriteVisual(w, "hvc1", "hvcC", hevc.DecoderConfig, hevc.Width, hevc.Height);
                break;
            case AacSampleEntry aac:
                if (aac.AudioSpecificConfig.Length > 100) throw new ArgumentException("An AudioSpecificConfig this long is not AAC.", nameof(entry));
                WriteMp4a(w, aac.Channels, aac.SampleRate, ObjectTypeAac, aac.AudioSpecificConfig);
                break;
            case Mp3SampleEntry mp3:
                WriteMp4a(w, mp3.Channels, mp3.SampleRate, mp3.Mpeg1 ? ObjectTypeMpeg1Audio : ObjectTypeMpeg2Audio, null);
                break;
            case OpusSampleEntry opus:
                WriteOpus(w, opus.Head);
                break;
            default:
                throw new ArgumentException($"No MP4 sample entry for {entry?.GetType().Name}.", nameof(entry));
        }
    }

    private static void WriteVisual(BoxWriter w, string type, string configType, byte[] config, int width, int height)
    {
        int box = w.Begin(type);
        w.Zeros(6);
        w.UInt16(1); // data_reference_index
        w.Zeros(16); // pre_defined, reserved, pre_defined[3]
        w.UInt16((ushort)width);
        w.UInt16((ushort)height);
        w.UInt32(0x00480000); // 72 dpi
        w.UInt32(0x00480000);
        w.UInt32(0);
        w.UInt16(1); // frame_count
        w.Zeros(32); // compressorname
        w.UInt16(0x0018); // depth: colour, no alpha
        w.UInt16(0xFFFF); // pre_defined = -1
        int configBox = w.Begin(configType);
        w.Bytes(config);
        w.End(configBox);
        w.End(box);
    }

    private static void WriteAudioEntry(BoxWriter w, int channels, int sampleRate)
    {
        w.Zeros(6);
        w.UInt16(1); // data_reference_index
        w.Zeros(8);
        w.UInt16((ushort)channels);
        w.UInt16(16); // samplesize
        w.Zeros(4);
        w.UInt32((uint)Math.Min(sampleRate, ushort.MaxValue) << 16); // 16.16; rates above 65535 live in the ASC
    }

    private static void WriteMp4a(BoxWriter w, int channels, int sampleRate, byte objectType, byte[]? decoderSpecificInfo)
    {
        int box = w.Begin("mp4a");
        WriteAudioEntry(w, channels, sampleRate);
        int esds = w.BeginFull("esds", 0, 0);
        int asc = decoderSpecificInfo?.Length ?? 0;
        int decoderSpecific = decoderSpecificInfo is null ? 0 : 2 + asc;
        int decoderConfig = 2 + 13 + decoderSpecific;
        int slConfig = 3;
        w.UInt8(0x03); // ES_Descriptor
        w.UInt8((byte)(3 + decoderConfig + slConfig));
        w.UInt16(0); // ES_ID
        w.UInt8(0); // no dependency, URL or OCR stream
        w.UInt8(0x04); // DecoderConfigDescriptor
        w.UInt8((byte)(13 + decoderSpecific));
        w.UInt8(objectType);
        w.UInt8((StreamTypeAudio << 2) | 1); // streamType, upStream 0, reserved 1
        w.UInt24(0); // bufferSizeDB
        w.UInt32(0); // maxBitrate
        w.UInt32(0); // avgBitrate
        if (decoderSpecificInfo is not null)
        {
            w.UInt8(0x05); // DecoderSpecificInfo
            w.UInt8((byte)asc);
            w.Bytes(decoderSpecificInfo);
        }

        w.UInt8(0x06); // SLConfigDescriptor
        w.UInt8(1);
        w.UInt8(0x02); // predefined: MP4 files
        w.End(esds);
        w.End(box);
    }

    private static void WriteOpus(BoxWriter w, OpusHead head)
    {
        int box = w.Begin("Opus");
        WriteAudioEntry(w, head.Channels, OpusTimescale);
        int dops = w.Begin("dOps");
        w.UInt8(0); // Version
        w.UInt8((byte)head.Channels); // OutputChannelCount
        w.UInt16((ushort)head.PreSkip);
        w.UInt32(head.InputSampleRate);
        w.UInt16((ushort)head.OutputGain);
        w.UInt8((byte)head.MappingFamily);
        w.Bytes(head.Mapping); // StreamCount, CoupledCount, ChannelMapping[OutputChannelCount] when the family is not 0
        w.End(dops);
        w.End(box);
    }
}

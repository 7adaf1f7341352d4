namespace Srs.Actors.Media.Mp4;

/// <summary>The sample entries of <c>stsd</c>: <c>avc1</c>, <c>hvc1</c> (ISO 14496-15) and <c>mp4a</c> with its <c>esds</c> (ISO 14496-14).</summary>
internal static class Mp4SampleEntries
{
    private const byte ObjectTypeAac = 0x40; // ISO 14496-3 audio
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
                WriteMp4a(w, aac);
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

    private static void WriteMp4a(BoxWriter w, AacSampleEntry aac)
    {
        if (aac.AudioSpecificConfig.Length > 100) throw new ArgumentException("An AudioSpecificConfig this long is not AAC.", nameof(aac));
        int box = w.Begin("mp4a");
        w.Zeros(6);
        w.UInt16(1); // data_reference_index
        w.Zeros(8);
        w.UInt16((ushort)aac.Channels);
        w.UInt16(16); // samplesize
        w.Zeros(4);
        w.UInt32((uint)Math.Min(aac.SampleRate, ushort.MaxValue) << 16); // 16.16; rates above 65535 live in the ASC

        int esds = w.BeginFull("esds", 0, 0);
        int asc = aac.AudioSpecificConfig.Length;
        int decoderSpecific = 2 + asc;
        int decoderConfig = 2 + 13 + decoderSpecific;
        int slConfig = 3;
        w.UInt8(0x03); // ES_Descriptor
        w.UInt8((byte)(3 + decoderConfig + slConfig));
        w.UInt16(0); // ES_ID
        w.UInt8(0); // no dependency, URL or OCR stream
        w.UInt8(0x04); // DecoderConfigDescriptor
        w.UInt8((byte)(13 + decoderSpecific));
        w.UInt8(ObjectTypeAac);
        w.UInt8((StreamTypeAudio << 2) | 1); // streamType, upStream 0, reserved 1
        w.UInt24(0); // bufferSizeDB
        w.UInt32(0); // maxBitrate
        w.UInt32(0); // avgBitrate
        w.UInt8(0x05); // DecoderSpecificInfo
        w.UInt8((byte)asc);
        w.Bytes(aac.AudioSpecificConfig);
        w.UInt8(0x06); // SLConfigDescriptor
        w.UInt8(1);
        w.UInt8(0x02); // predefined: MP4 files
        w.End(esds);
        w.End(box);
    }
}

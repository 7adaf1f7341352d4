namespace Srs.Actors.Media.Mp4;

/// <summary>How a track's samples are coded: the sample entry of its <c>stsd</c> (ISO 14496-12 8.5.2).</summary>
public abstract record Mp4SampleEntry;

/// <summary>H.264 (<c>avc1</c> + <c>avcC</c>): <paramref name="DecoderConfig"/> is the AVCDecoderConfigurationRecord, an RTMP AVC sequence header's body after its 5 bytes.</summary>
public sealed record AvcSampleEntry(byte[] DecoderConfig, int Width, int Height) : Mp4SampleEntry;

/// <summary>H.265 (<c>hvc1</c> + <c>hvcC</c>): <paramref name="DecoderConfig"/> is the HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3).</summary>
public sealed record HevcSampleEntry(byte[] DecoderConfig, int Width, int Height) : Mp4SampleEntry;

/// <summary>AAC (<c>mp4a</c> + <c>esds</c>): <paramref name="AudioSpecificConfig"/> as an RTMP AAC sequence header carries it.</summary>
public sealed record AacSampleEntry(byte[] AudioSpecificConfig, int Channels, int SampleRate) : Mp4SampleEntry;

/// <summary>MP3 (<c>mp4a</c> + an <c>esds</c> with objectTypeIndication 0x6B for MPEG-1, 0x69 for MPEG-2/2.5 audio, no decoder-specific info).</summary>
public sealed record Mp3SampleEntry(bool Mpeg1, int Channels, int SampleRate) : Mp4SampleEntry;

/// <summary>Opus (<c>Opus</c> + <c>dOps</c>, "Encapsulation of Opus in ISO Base Media File Format" 4.3), at 48 kHz.</summary>
public sealed record OpusSampleEntry(OpusHead Head) : Mp4SampleEntry;

/// <summary>One track of a fragmented MP4: its id (1-based), the clock its times count in, and its coding.</summary>
public sealed record Mp4Track(uint Id, uint Timescale, Mp4SampleEntry Entry)
{
    public bool IsVideo => Entry is AvcSampleEntry or HevcSampleEntry;
}

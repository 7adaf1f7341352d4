namespace Srs.Actors.Media.Mp4;

/// <summary>How a track's samples are coded: the sample entry of its <c>stsd</c> (ISO 14496-12 8.5.2).</summary>
public abstract record Mp4SampleEntry;

/// <summary>H.264 (<c>avc1</c> + <c>avcC</c>): <paramref name="DecoderConfig"/> is the AVCDecoderConfigurationRecord, an RTMP AVC sequence header's body after its 5 bytes.</summary>
public sealed record AvcSampleEntry(byte[] DecoderConfig, int Width, int Height) : Mp4SampleEntry;

/// <summary>H.265 (<c>hvc1</c> + <c>hvcC</c>): <paramref name="DecoderConfig"/> is the HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3).</summary>
public sealed record HevcSampleEntry(byte[] DecoderConfig, int Width, int Height) : Mp4SampleEntry;

/// <summary>AAC (<c>mp4a</c> + <c>esds</c>): <paramref name="AudioSpecificConfig"/> as an RTMP AAC sequence header carries it.</summary>
public sealed record AacSampleEntry(byte[] AudioSpecificConfig, int Channels, int SampleRate) : Mp4SampleEntry;

/// <summary>One track of a fragmented MP4: its id (1-based), the clock its times count in, and its coding.</summary>
public sealed record Mp4Track(uint Id, uint Timescale, Mp4SampleEntry Entry)
{
    public bool IsVideo => Entry is AvcSampleEntry or HevcSampleEntry;
}

namespace Srs.Actors.Media.Mp4;

/// <summary>What an RTMP audio track is in MP4: its sample entry and clock (samples a second).</summary>
/// <param name="Key">The bytes that define it, so a repeated sequence header or MP3 header changes nothing.</param>
/// <param name="FrameSamples">A usual frame's length in <paramref name="Timescale"/> units: how long a stream's last frame is taken to last.</param>
public sealed record Mp4AudioConfig(Mp4SampleEntry Entry, int Timescale, int FrameSamples, byte[] Key);

/// <summary>
/// Reads FLV audio bodies (legacy and enhanced RTMP) for an MP4 writer: AAC (ASC in the sequence header, 1024-sample
/// frames), MP3 (no sequence header: each frame's header gives rate and channels; 1152 or 576 samples a frame) and
/// enhanced-RTMP Opus (OpusHead in SequenceStart, packets timed by their TOC byte at 48 kHz). Other audio: false.
/// </summary>
public static class Mp4AudioReader
{
    private const int FormatMp3 = 2, FormatExHeader = 9, FormatAac = 10, FormatMp3At8KHz = 14;
    private const int ExSequenceStart = 0, ExCodedFrames = 1, ExMultitrack = 5;
    private const int AacFrameSamples = 1024, OpusRate = 48000, OpusFrameSamples = 960;
    private const int Mp3KeyLength = 6; // version, layer, sample rate (3 bytes), channels

    /// <summary>The track an audio sequence header (AAC's, an enhanced AAC or Opus SequenceStart) describes.</summary>
    public static bool TryReadConfig(ReadOnlySpan<byte> body, out Mp4AudioConfig config)
    {
        config = null!;
        if (!TrySplit(body, out uint codec, out int packetType, out int offset) || packetType != ExSequenceStart) return false;
        var payload = body[offset..];
        if (codec == FourCc.Aac)
        {
            AudioSpecificConfig asc;
            try { asc = AudioSpecificConfig.Parse(payload); }
            catch (InvalidDataException) { return false; }
            config = new Mp4AudioConfig(new AacSampleEntry(payload.ToArray(), asc.Channels, asc.SampleRate), asc.SampleRate, AacFrameSamples, payload.ToArray());
            return true;
        }

        if (codec == FourCc.Opus && OpusHead.TryParse(payload, out var head))
        {
            config = new Mp4AudioConfig(new OpusSampleEntry(head), OpusRate, OpusFrameSamples, payload.ToArray());
            return true;
        }

        return false;
    }

    /// <summary>
    /// A coded frame: where its payload starts in <paramref name="body"/> and how many samples it lasts; for MP3 also its
    /// first frame's header (<paramref name="mp3"/>), which names the track since MP3 has no sequence header (see <see cref="Mp3Config"/>).
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> body, out int offset, out int samples, out MpegAudioHeader? mp3)
    {
        samples = 0;
        mp3 = null;
        if (!TrySplit(body, out uint codec, out int packetType, out offset) || packetType != ExCodedFrames || offset >= body.Length) return false;
        var payload = body[offset..];
        if (codec == FourCc.Aac) samples = AacFrameSamples;
        else if (codec == FourCc.Opus) samples = OpusPacket.Samples(payload);
        else if (codec == FourCc.Mp3)
        {
            samples = MpegAudioHeader.CountSamples(payload, out var h);
            if (samples > 0) mp3 = h;
        }

        return samples > 0;
    }

    /// <summary>True when <paramref name="key"/> (a track's <see cref="Mp4AudioConfig.Key"/>) is this MP3 header's track: no allocation per frame.</summary>
    public static bool IsTrackOf(byte[]? key, MpegAudioHeader header)
    {
        Span<byte> mine = stackalloc byte[Mp3KeyLength];
        WriteMp3Key(header, mine);
        return key is not null && mine.SequenceEqual(key);
    }

    /// <summary>The MP3 track a frame header describes.</summary>
    public static Mp4AudioConfig Mp3Config(MpegAudioHeader h)
    {
        var key = new byte[Mp3KeyLength];
        WriteMp3Key(h, key);
        return new Mp4AudioConfig(new Mp3SampleEntry(h.IsMpeg1, h.Channels, h.SampleRate), h.SampleRate, h.SamplesPerFrame, key);
    }

    private static void WriteMp3Key(MpegAudioHeader h, Span<byte> key)
    {
        key[0] = (byte)h.Version;
        key[1] = (byte)h.Layer;
        key[2] = (byte)(h.SampleRate >> 16);
        key[3] = (byte)(h.SampleRate >> 8);
        key[4] = (byte)h.SampleRate;
        key[5] = (byte)h.Channels;
    }

    /// <summary>The codec as a FourCC, the packet type (enhanced numbering: 0 sequence start, 1 coded frames) and the payload's offset.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> body, out uint codec, out int packetType, out int offset)
    {
        (codec, packetType, offset) = (0, 0, 0);
        if (body.Length < 2) return false;
        switch (body[0] >> 4)
        {
            case FormatAac:
                (codec, packetType, offset) = (FourCc.Aac, body[1] == 0 ? ExSequenceStart : ExCodedFrames, 2);
                return body[1] <= 1;
            case FormatMp3 or FormatMp3At8KHz:
                (codec, packetType, offset) = (FourCc.Mp3, ExCodedFrames, 1);
                return true;
            case FormatExHeader:
                // One track only: a multitrack body's first track would need its size walked.
                if ((body[0] & 0x0F) == ExMultitrack || !ExHeader.TryParse(body, ExMultitrack, out var ex)) return false;
                (codec, packetType, offset) = (ex.FourCc, ex.PacketType, ex.PayloadOffset);
                return true;
            default:
                return false;
        }
    }
}

using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// The 4-byte header of an MPEG-1/2/2.5 audio frame (ISO/IEC 11172-3 2.4.1.3, 13818-3 2.4.2.3): sample rate,
/// channels, samples per frame (Layer III: 1152 for MPEG-1, 576 for MPEG-2/2.5) and, unless free-format, the frame's length.
/// </summary>
public readonly record struct MpegAudioHeader(int Version, int Layer, int SampleRate, int Channels, int SamplesPerFrame, int FrameLength)
{
    /// <summary>MPEG-1 (11172-3) is 1; MPEG-2 (13818-3, lower sample rates) 2; the unofficial MPEG-2.5 is 25.</summary>
    public bool IsMpeg1 => Version == 1;

    private static readonly int[] Rates = [44100, 48000, 32000];

    // kbit/s by bitrate index 1..14: MPEG-1 Layer I, II, III, then MPEG-2/2.5 Layer I, then Layer II and III.
    private static readonly int[][] Bitrates =
    [
        [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
        [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ];

    /// <summary>False unless <paramref name="data"/> starts with a valid frame header (sync word, no reserved values).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out MpegAudioHeader header)
    {
        header = default;
        if (data.Length < 4) return false;
        uint h = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (h >> 21 != 0x7FF) return false;
        int versionBits = (int)(h >> 19) & 3, layerBits = (int)(h >> 17) & 3;
        int bitrateIndex = (int)(h >> 12) & 0xF, rateIndex = (int)(h >> 10) & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 15 || rateIndex == 3) return false;
        int version = versionBits switch { 3 => 1, 2 => 2, _ => 25 };
        int layer = 4 - layerBits;
        int rate = Rates[rateIndex] >> (version == 1 ? 0 : version == 2 ? 1 : 2);
        int samples = layer == 1 ? 384 : layer == 2 || version == 1 ? 1152 : 576;
        int channels = ((h >> 6) & 3) == 3 ? 1 : 2;
        int padding = (int)(h >> 9) & 1;
        int length = 0; // free format: only the next sync word tells
        if (bitrateIndex > 0)
        {
            int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
            int bitrate = Bitrates[table][bitrateIndex - 1] * 1000;
            length = layer == 1 ? (12 * bitrate / rate + padding) * 4 : samples / 8 * bitrate / rate + padding;
        }

        header = new MpegAudioHeader(version, layer, rate, channels, samples, length);
        return true;
    }

    /// <summary>Samples in the frames of <paramref name="data"/> (one frame when a length cannot be walked); 0 when it does not start with a frame.</summary>
    public static int CountSamples(ReadOnlySpan<byte> data, out MpegAudioHeader first)
    {
        if (!TryRead(data, out first)) return 0;
        int samples = 0;
        var rest = data;
        while (TryRead(rest, out var h))
        {
            samples += h.SamplesPerFrame;
            if (h.FrameLength <= 0 || h.FrameLength >= rest.Length) break;
            rest = rest[h.FrameLength..];
        }

        return samples;
    }
}

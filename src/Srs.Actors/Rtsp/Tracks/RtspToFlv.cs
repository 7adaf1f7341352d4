using Srs.Actors.Media;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>
/// What RTSP brings in (a camera's or a publisher's tracks) as FLV/RTMP bodies: H.264 access units through
/// <see cref="AvcTagBuilder"/> (SPS/PPS from <c>sprop-parameter-sets</c> and in-band), AAC frames with the SDP's
/// <c>config</c> as the sequence header, G.711 as FLV sound formats 7 and 8.
/// </summary>
public sealed class RtspToFlv
{
    private const byte G711AlawFlags = 0x72; // SoundFormat 7, 16-bit, mono (decoders take G.711 as 8 kHz)
    private const byte G711MulawFlags = 0x82;

    private readonly AvcTagBuilder builder = new();
    private readonly DecodeClock decode = new();
    private RtspCodec? audio;
    private AudioSpecificConfig? asc;

    /// <summary>The AVC sequence header once SPS and PPS are known.</summary>
    public byte[]? VideoHeader => builder.SequenceHeader;

    /// <summary>The AAC sequence header (null for G.711, which has none).</summary>
    public byte[]? AudioHeader { get; private set; }

    /// <summary>
    /// Takes the tracks' SDP parameters; returns the problems met, one line each (a bad config drops that audio).
    /// A changed video sequence header is in <paramref name="videoHeader"/>.
    /// </summary>
    public List<string> Configure(IEnumerable<(SdpMedia Media, RtspCodec Codec)> tracks, out byte[]? videoHeader)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var problems = new List<string>();
        videoHeader = null;
        foreach (var (media, codec) in tracks)
        {
            if (codec == RtspCodec.H264)
            {
                if (media.Parameter("sprop-parameter-sets") is not { } sprop) continue;
                var nals = new List<ReadOnlyMemory<byte>>();
                try
                {
                    foreach (var set in sprop.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) nals.Add(Convert.FromBase64String(set));
                    videoHeader = builder.Build(nals, 0).SequenceHeader;
                    decode.Learn(nals);
                }
                catch (FormatException)
                {
                    problems.Add("sprop-parameter-sets is not base64, ignored (in-band SPS/PPS will do)");
                }
                continue;
            }
            audio = codec;
            AudioHeader = null;
            if (codec != RtspCodec.Aac) continue;
            try
            {
                asc = AudioSpecificConfig.Parse(Convert.FromHexString(media.Parameter("config")!));
                AudioHeader = AacPayload.SequenceHeader(asc);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException)
            {
                problems.Add($"the AAC config '{media.Parameter("config")}' cannot be read ({e.Message}), audio dropped");
                audio = null;
            }
        }
        return problems;
    }

    /// <summary>
    /// One access unit (NAL units without start codes) shown at <paramref name="ptsMs"/> (RTP's time) as FLV video tags;
    /// <paramref name="dtsMs"/> is their timestamp, its decode time (<see cref="DecodeClock"/>), and PTS - DTS their composition time.
    /// </summary>
    public AvcTags Video(IReadOnlyList<ReadOnlyMemory<byte>> nals, long ptsMs, out long dtsMs)
    {
        dtsMs = decode.DecodeTime(nals, ptsMs);
        return builder.Build(nals, (int)Math.Clamp(ptsMs - dtsMs, 0, 0x7FFFFF));
    }

    /// <summary>What the decode clock learnt about reordering, once (a line for the log), or null.</summary>
    public string? TakeNote() => decode.TakeNote();

    /// <summary>One audio frame as an FLV audio body, or null when the audio track is not carried.</summary>
    public byte[]? Audio(ReadOnlySpan<byte> frame)
    {
        switch (audio)
        {
            case RtspCodec.Aac when asc is not null:
                return AacPayload.Raw(asc, frame);
            case RtspCodec.G711Alaw or RtspCodec.G711Mulaw:
                var body = new byte[1 + frame.Length];
                body[0] = audio == RtspCodec.G711Alaw ? G711AlawFlags : G711MulawFlags;
                frame.CopyTo(body.AsSpan(1));
                return body;
            default:
                return null;
        }
    }
}

using Srs.Actors.Media;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>
/// What RTSP brings in (a camera's or a publisher's tracks) as FLV/RTMP bodies: H.264 access units through
/// <see cref="AvcTagBuilder"/> (SPS/PPS from <c>sprop-parameter-sets</c> and in-band), H.265 ones as enhanced RTMP
/// (<c>hvc1</c>) through <see cref="HevcTagBuilder"/> (VPS/SPS/PPS from <c>sprop-vps</c>/<c>sprop-sps</c>/<c>sprop-pps</c>
/// and in-band), AAC frames (mpeg4-generic or MP4A-LATM) with the SDP's <c>config</c> as the sequence header, G.711 as FLV sound formats 7 and 8.
/// </summary>
public sealed class RtspToFlv
{
    private const byte G711AlawFlags = 0x72; // SoundFormat 7, 16-bit, mono (decoders take G.711 as 8 kHz)
    private const byte G711MulawFlags = 0x82;

    private readonly AvcTagBuilder builder = new();
    private readonly HevcTagBuilder hevc = new();
    private readonly DecodeClock decode = new();
    private bool h265;
    private RtspCodec? audio;
    private AudioSpecificConfig? asc;

    /// <summary>The video sequence header once the parameter sets are known (AVC, or E-RTMP <c>hvc1</c>).</summary>
    public byte[]? VideoHeader => h265 ? hevc.SequenceHeader : builder.SequenceHeader;

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
            if (codec == RtspCodec.H265)
            {
                h265 = true;
                videoHeader = ConfigureHevc(media, problems) ?? videoHeader;
                continue;
            }
            audio = codec;
            AudioHeader = null;
            if (codec is not (RtspCodec.Aac or RtspCodec.AacLatm)) continue;
            try
            {
                asc = codec == RtspCodec.AacLatm
                    ? RtpTrackReader.LatmConfig(media, out var latmError)?.AudioSpecificConfig ?? throw new InvalidDataException(latmError)
                    : AudioSpecificConfig.Parse(Convert.FromHexString(media.Parameter("config")!));
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
        if (h265)
        {
            dtsMs = ptsMs; // decode times are derived for H.264 only: an H.265 camera's B-frames would go out with DTS = PTS
            return HevcVideo(nals, 0);
        }
        dtsMs = decode.DecodeTime(nals, ptsMs);
        return builder.Build(nals, (int)Math.Clamp(ptsMs - dtsMs, 0, 0x7FFFFF));
    }

    /// <summary>What the decode clock learnt about reordering, once (a line for the log), or null.</summary>
    public string? TakeNote() => decode.TakeNote();

    private AvcTags HevcVideo(IReadOnlyList<ReadOnlyMemory<byte>> nals, int compositionTime)
    {
        try
        {
            return hevc.Build(nals, compositionTime);
        }
        catch (InvalidDataException)
        {
            return new AvcTags(null, null, false, AvcOutcome.NoParameterSetsYet); // parameter sets no decoder could read: nothing to send
        }
    }

    private byte[]? ConfigureHevc(SdpMedia media, List<string> problems)
    {
        var nals = new List<ReadOnlyMemory<byte>>();
        try
        {
            foreach (var name in (string[])["sprop-vps", "sprop-sps", "sprop-pps"])
            {
                foreach (var set in (media.Parameter(name) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    nals.Add(Convert.FromBase64String(set));
            }
        }
        catch (FormatException)
        {
            problems.Add("sprop-vps/sps/pps is not base64, ignored (in-band VPS/SPS/PPS will do)");
            return null;
        }
        if (nals.Count == 0) return null;
        var tags = HevcVideo(nals, 0);
        if (tags.Outcome == AvcOutcome.NoParameterSetsYet) problems.Add("sprop-vps/sps/pps cannot be read, ignored (in-band VPS/SPS/PPS will do)");
        return tags.SequenceHeader;
    }

    /// <summary>One audio frame as an FLV audio body, or null when the audio track is not carried.</summary>
    public byte[]? Audio(ReadOnlySpan<byte> frame)
    {
        switch (audio)
        {
            case RtspCodec.Aac or RtspCodec.AacLatm when asc is not null:
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

using System.Diagnostics;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>What the node takes from an SDP: H.264 or H.265 video, AAC (mpeg4-generic AAC-hbr, or MP4A-LATM) or G.711 audio.</summary>
public enum RtspCodec
{
    H264,
    H265,
    Aac,
    AacLatm,
    G711Alaw,
    G711Mulaw,
}

/// <summary>
/// One received track (a camera's, or an RTSP publisher's), on the task that reads its packets: RTP in (reordered
/// when it came over UDP), depacketized into access units or audio frames, stamped in milliseconds and handed to
/// <c>sink</c>. The tracks of a session share one <see cref="RtpSessionClock"/>: aligned as they arrived, then by
/// the RTCP sender reports that <see cref="OnRtcp"/> takes, when the camera sends them.
/// </summary>
public sealed class RtpTrackReader
{
    private readonly List<RtpPacket> ordered = [];
    private readonly List<RtpMediaUnit> units = [];
    private readonly RtpReorderBuffer? reorder;
    private readonly H264Depacketizer? h264;
    private readonly H265Depacketizer? h265;
    private readonly Mpeg4AudioDepacketizer? aac;
    private readonly LatmDepacketizer? latm;
    private readonly Action<MediaKind, long, IReadOnlyList<ReadOnlyMemory<byte>>> sink;
    private readonly RtpSessionClock clock;
    private readonly int track;
    private bool arrived;

    /// <param name="sink">Takes the kind, the milliseconds since the session's start and the unit's parts (NAL units, or one audio frame).</param>
    public RtpTrackReader(SdpMedia media, RtspCodec codec, bool overUdp, RtpSessionClock clock, Action<MediaKind, long, IReadOnlyList<ReadOnlyMemory<byte>>> sink)
    {
        ArgumentNullException.ThrowIfNull(media);
        Media = media;
        Codec = codec;
        this.sink = sink;
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        track = clock.AddTrack(media.ClockRate > 0 ? media.ClockRate : 90000);
        if (overUdp) reorder = new RtpReorderBuffer();
        if (codec == RtspCodec.H264) h264 = new H264Depacketizer();
        if (codec == RtspCodec.H265) h265 = new H265Depacketizer();
        if (codec == RtspCodec.Aac)
            aac = new Mpeg4AudioDepacketizer(media.IntParameter("sizelength", 13), media.IntParameter("indexlength", 3), media.IntParameter("indexdeltalength", 3));
        if (codec == RtspCodec.AacLatm && LatmConfig(media) is { } config)
            latm = new LatmDepacketizer(config, (int)(1024L * (media.ClockRate > 0 ? media.ClockRate : 90000) / Math.Max(1, config.AudioSpecificConfig.SampleRate)));
    }

    public SdpMedia Media { get; }

    public RtspCodec Codec { get; }

    public MediaKind Kind => IsVideo(Codec) ? MediaKind.Video : MediaKind.Audio;

    public static bool IsVideo(RtspCodec codec) => codec is RtspCodec.H264 or RtspCodec.H265;

    /// <summary>The codec a media section holds, or null when the node cannot carry it.</summary>
    public static RtspCodec? CodecOf(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Encoding.ToUpperInvariant() switch
        {
            "H264" when media.IntParameter("packetization-mode", 0) <= 1 => RtspCodec.H264,
            "H265" when media.IntParameter("sprop-max-don-diff", 0) == 0 => RtspCodec.H265,
            "MPEG4-GENERIC" when media.Parameter("mode")?.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase) == true && media.Parameter("config") is not null => RtspCodec.Aac,
            "MP4A-LATM" when Refusal(media) is null => RtspCodec.AacLatm,
            "PCMA" => RtspCodec.G711Alaw,
            "PCMU" => RtspCodec.G711Mulaw,
            _ => null,
        };
    }

    /// <summary>Why a media section of a codec the node knows is not carried as it is configured, or null.</summary>
    public static string? Refusal(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Encoding.ToUpperInvariant() switch
        {
            "H264" when media.IntParameter("packetization-mode", 0) > 1 => "H.264 in interleaved mode (packetization-mode 2) is not supported",
            "H265" when media.IntParameter("sprop-max-don-diff", 0) != 0 => "H.265 with decoding order numbers (sprop-max-don-diff > 0) is not supported",
            "MP4A-LATM" when media.IntParameter("cpresent", 1) != 0 => "MP4A-LATM with its configuration in-band (cpresent=1) is not supported",
            "MP4A-LATM" => LatmConfig(media, out var error) is null ? $"MP4A-LATM config: {error}" : null,
            _ => null,
        };
    }

    /// <summary>The StreamMuxConfig of an <c>MP4A-LATM</c> section's <c>config</c>, or null with why not.</summary>
    public static LatmStreamMuxConfig? LatmConfig(SdpMedia media, out string? error)
    {
        ArgumentNullException.ThrowIfNull(media);
        error = null;
        try
        {
            return LatmStreamMuxConfig.Parse(Convert.FromHexString(media.Parameter("config") ?? throw new FormatException("none given")));
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            error = e.Message;
            return null;
        }
    }

    private static LatmStreamMuxConfig? LatmConfig(SdpMedia media) => LatmConfig(media, out _);

    /// <summary>The first video track and the first audio track the node can carry, in SDP order.</summary>
    public static List<(SdpMedia Media, RtspCodec Codec)> Choose(SessionDescription sdp) => Choose(sdp, out _);

    /// <summary>As <see cref="Choose(SessionDescription)"/>; <paramref name="refused"/> says why each known codec was not taken.</summary>
    public static List<(SdpMedia Media, RtspCodec Codec)> Choose(SessionDescription sdp, out List<string> refused)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var chosen = new List<(SdpMedia Media, RtspCodec Codec)>();
        refused = [];
        foreach (var media in sdp.Media)
        {
            if (CodecOf(media) is not { } codec)
            {
                if (Refusal(media) is { } why) refused.Add($"{media.Type} {media.Encoding}: {why}");
                continue;
            }
            bool video = IsVideo(codec);
            if (chosen.Exists(c => IsVideo(c.Codec) == video)) continue;
            chosen.Add((media, codec));
        }
        return chosen;
    }

    /// <exception cref="InvalidDataException">Not RTP, or a payload past the depacketizer's bounds.</exception>
    public void OnRtp(ReadOnlyMemory<byte> bytes)
    {
        if (!RtpPacket.TryParse(bytes, out var packet, out var error)) throw new InvalidDataException($"{Media.Type} track: {error}");
        if (packet.PayloadType != Media.PayloadType) return; // comfort noise, FEC: not ours
        if (!arrived)
        {
            arrived = true;
            clock.Arrived(track, (long)Stopwatch.GetElapsedTime(clock.Start).TotalMilliseconds);
        }
        ordered.Clear();
        if (reorder is null) ordered.Add(packet);
        else reorder.Push(packet, ordered);
        units.Clear();
        foreach (var p in ordered)
        {
            if (h264 is not null) h264.Push(p, units);
            else if (h265 is not null) h265.Push(p, units);
            else if (aac is not null) aac.Push(p, units);
            else if (latm is not null) latm.Push(p, units);
            else units.Add(new RtpMediaUnit(p.Timestamp, [p.Payload.ToArray()]));
        }
        foreach (var unit in units) sink(Kind, clock.Stamp(track, unit.Timestamp), unit.Parts);
    }

    /// <summary>An RTCP packet of this track: its sender report, if any, goes to the session's clock; anything else is ignored.</summary>
    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        if (RtcpSenderReport.TryFind(compound, out var report)) clock.OnSenderReport(track, report);
    }
}

using System.Diagnostics;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>What the node takes from an SDP: H.264 video, AAC (mpeg4-generic AAC-hbr) or G.711 audio.</summary>
public enum RtspCodec
{
    H264,
    Aac,
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
    private readonly Mpeg4AudioDepacketizer? aac;
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
        if (codec == RtspCodec.Aac)
            aac = new Mpeg4AudioDepacketizer(media.IntParameter("sizelength", 13), media.IntParameter("indexlength", 3), media.IntParameter("indexdeltalength", 3));
    }

    public SdpMedia Media { get; }

    public RtspCodec Codec { get; }

    public MediaKind Kind => Codec == RtspCodec.H264 ? MediaKind.Video : MediaKind.Audio;

    /// <summary>The codec a media section holds, or null when the node cannot carry it.</summary>
    public static RtspCodec? CodecOf(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Encoding.ToUpperInvariant() switch
        {
            "H264" when media.IntParameter("packetization-mode", 0) <= 1 => RtspCodec.H264,
            "MPEG4-GENERIC" when media.Parameter("mode")?.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase) == true && media.Parameter("config") is not null => RtspCodec.Aac,
            "PCMA" => RtspCodec.G711Alaw,
            "PCMU" => RtspCodec.G711Mulaw,
            _ => null,
        };
    }

    /// <summary>The first H.264 track and the first audio track the node can carry, in SDP order.</summary>
    public static List<(SdpMedia Media, RtspCodec Codec)> Choose(SessionDescription sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var chosen = new List<(SdpMedia Media, RtspCodec Codec)>();
        foreach (var media in sdp.Media)
        {
            if (CodecOf(media) is not { } codec) continue;
            bool video = codec == RtspCodec.H264;
            if (chosen.Exists(c => (c.Codec == RtspCodec.H264) == video)) continue;
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
            else if (aac is not null) aac.Push(p, units);
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

using System.Diagnostics;
using Akka.Actor;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Pull;

/// <summary>What a pull takes from a camera's SDP: H.264 video, AAC (mpeg4-generic) or G.711 audio.</summary>
public enum PulledCodec
{
    H264,
    Aac,
    G711Alaw,
    G711Mulaw,
}

/// <summary>
/// One track of a playing camera session, on the client's reading task: RTP packets in (reordered when they came
/// over UDP), depacketized into access units or audio frames, stamped in milliseconds and told to the pull actor.
/// A track's clock starts where its first packet arrived on the session's clock, so audio and video line up as
/// they arrived.
/// </summary>
public sealed class PulledTrack
{
    private readonly List<RtpPacket> ordered = [];
    private readonly List<RtpMediaUnit> units = [];
    private readonly RtpReorderBuffer? reorder;
    private readonly H264Depacketizer? h264;
    private readonly Mpeg4AudioDepacketizer? aac;
    private readonly RtpTimeline timeline;
    private readonly IActorRef pull;
    private readonly long attempt, sessionStart;
    private long offsetMs = -1;

    public PulledTrack(SdpMedia media, PulledCodec codec, bool overUdp, IActorRef pull, long attempt, long sessionStart)
    {
        ArgumentNullException.ThrowIfNull(media);
        Media = media;
        Codec = codec;
        this.pull = pull;
        this.attempt = attempt;
        this.sessionStart = sessionStart;
        timeline = new RtpTimeline(media.ClockRate > 0 ? media.ClockRate : 90000);
        if (overUdp) reorder = new RtpReorderBuffer();
        if (codec == PulledCodec.H264) h264 = new H264Depacketizer();
        if (codec == PulledCodec.Aac)
            aac = new Mpeg4AudioDepacketizer(media.IntParameter("sizelength", 13), media.IntParameter("indexlength", 3), media.IntParameter("indexdeltalength", 3));
    }

    public SdpMedia Media { get; }

    public PulledCodec Codec { get; }

    public MediaKind Kind => Codec == PulledCodec.H264 ? MediaKind.Video : MediaKind.Audio;

    /// <summary>The codec a media section holds, or null when a pull cannot carry it.</summary>
    public static PulledCodec? CodecOf(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Encoding.ToUpperInvariant() switch
        {
            "H264" when media.IntParameter("packetization-mode", 0) <= 1 => PulledCodec.H264,
            "MPEG4-GENERIC" when media.Parameter("mode")?.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase) == true && media.Parameter("config") is not null => PulledCodec.Aac,
            "PCMA" => PulledCodec.G711Alaw,
            "PCMU" => PulledCodec.G711Mulaw,
            _ => null,
        };
    }

    /// <exception cref="InvalidDataException">Not RTP, or a payload past the depacketizer's bounds.</exception>
    public void OnRtp(ReadOnlyMemory<byte> bytes)
    {
        if (!RtpPacket.TryParse(bytes, out var packet, out var error)) throw new InvalidDataException($"{Media.Type} track: {error}");
        if (packet.PayloadType != Media.PayloadType) return; // comfort noise, FEC: not ours
        if (offsetMs < 0) offsetMs = (long)Stopwatch.GetElapsedTime(sessionStart).TotalMilliseconds;
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
        foreach (var unit in units)
            pull.Tell(new PulledUnit(attempt, Kind, offsetMs + timeline.ToMilliseconds(timeline.Extend(unit.Timestamp)), unit.Parts));
    }
}

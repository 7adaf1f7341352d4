using Akka.Actor;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>
/// The tracks an RTSP publisher announced, on its connection actor: packets by channel (interleaved 2N, or a UDP
/// track's own negative channel -1-N) through an <see cref="RtpTrackReader"/> per track into FLV frames for the
/// stream's source. Nothing goes out before the first keyframe with its parameter sets. Sender reports on the odd
/// interleaved channels align the tracks (<see cref="RtpSessionClock"/>); <paramref name="note"/> says how, once.
/// </summary>
public sealed class RtspRecorder(List<(SdpMedia Media, RtspCodec Codec)> tracks, Func<IActorRef?> source, Action<string>? note = null)
{
    private readonly RtspToFlv flv = new();
    private readonly RtpTrackReader?[] readers = new RtpTrackReader?[tracks.Count];
    private int[] channels = [];
    private bool sawKeyframe;

    public int Count => tracks.Count;

    public bool Recording { get; private set; }

    public byte[]? AudioHeader => flv.AudioHeader;

    /// <summary>The SDP's parameters; the problems met, one line each.</summary>
    public List<string> Configure() => flv.Configure(tracks, out _);

    /// <summary>The track a SETUP URL names by its control, or -1.</summary>
    public int TrackOf(string uri) => tracks.FindIndex(t => t.Media.Control.Length > 0 && uri.EndsWith(t.Media.Control, StringComparison.Ordinal));

    /// <summary>RECORD: from now on packets are read; <paramref name="trackChannels"/> holds each track's RTP channel (negative: UDP).</summary>
    public void Begin(int[] trackChannels)
    {
        channels = trackChannels;
        var clock = new RtpSessionClock(note);
        for (int i = 0; i < tracks.Count; i++) readers[i] = new RtpTrackReader(tracks[i].Media, tracks[i].Codec, channels[i] < 0, clock, Publish);
        Recording = true;
    }

    /// <exception cref="InvalidDataException">Not RTP, or past a depacketizer's bounds.</exception>
    public void OnPacket(int channel, byte[] packet)
    {
        if (!Recording) return;
        if (channel >= 0 && (channel & 1) == 1)
        {
            int of = Array.IndexOf(channels, channel - 1); // RTCP rides on the channel after its track's RTP
            if (of >= 0) readers[of]?.OnRtcp(packet);
            return;
        }
        int track = Array.IndexOf(channels, channel);
        if (track >= 0) readers[track]?.OnRtp(packet);
    }

    private void Publish(MediaKind kind, long ms, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (source() is not { } to) return;
        uint stamp = unchecked((uint)Math.Max(0, ms));
        if (kind == MediaKind.Video)
        {
            var tags = flv.Video(parts, Math.Max(0, ms), out long dts);
            if (flv.TakeNote() is { } line) note?.Invoke(line);
            stamp = unchecked((uint)dts);
            if (!sawKeyframe && (!tags.KeyFrame || flv.VideoHeader is null)) return;
            if (!sawKeyframe) to.Tell(new PublishFrame(MediaKind.Video, stamp, flv.VideoHeader!));
            else if (tags.SequenceHeader is not null) to.Tell(new PublishFrame(MediaKind.Video, stamp, tags.SequenceHeader));
            sawKeyframe = true;
            if (tags.Frame is not null) to.Tell(new PublishFrame(MediaKind.Video, stamp, tags.Frame));
            return;
        }
        if (flv.Audio(parts[0].Span) is { } body) to.Tell(new PublishFrame(MediaKind.Audio, stamp, body));
    }
}

using Akka.Actor;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Client;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Transport;

namespace Srs.Actors.Pull;

/// <summary>
/// One RTSP session with the camera, run as a task outside the pull actor: connect, DESCRIBE, pick the tracks a pull
/// carries (the first H.264 or H.265 video, the first AAC or G.711 audio), SETUP, PLAY, then packets through
/// <see cref="RtpTrackReader"/>s until it ends. Ends by telling <see cref="CameraLost"/>, always.
/// </summary>
public static class CameraSession
{
    public static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Under <c>auto</c>, UDP that brings nothing this soon after PLAY gives way to TCP (a firewall, a NAT).</summary>
    public static readonly TimeSpan UdpProbeTimeout = TimeSpan.FromSeconds(4);

    public static async Task RunAsync(PullEndpoint endpoint, RtspUrl url, RtpProtocol protocol, long attempt, IActorRef pull, TrafficCounter received, CancellationToken ct)
    {
        bool played = false;
        try
        {
            await using var client = await RtspClient.ConnectAsync(url, received, ct).ConfigureAwait(false);
            try
            {
                var (sdp, contentBase) = await client.DescribeAsync(ct).ConfigureAwait(false);
                var chosen = RtpTrackReader.Choose(sdp, out var refused);
                if (chosen.Count == 0 || (refused.Count > 0 && !chosen.Exists(c => RtpTrackReader.IsVideo(c.Codec))))
                    throw new InvalidDataException($"the camera offers no H.264, H.265, AAC-hbr or G.711 track the node can take (offered: {string.Join(", ", sdp.Media.Select(m => $"{m.Type} {m.Encoding}"))}{string.Concat(refused.Select(r => $"; {r}"))})");
                await client.SetupAsync([.. chosen.Select(c => RtspUrl.Resolve(contentBase, c.Media.Control))], protocol, ct).ConfigureAwait(false);
                var clock = new RtpSessionClock(line => pull.Tell(new CameraNote(attempt, line)));
                var tracks = chosen.Select(c => new RtpTrackReader(c.Media, c.Codec, protocol == RtpProtocol.Udp, clock,
                    (kind, ms, parts) => pull.Tell(new PulledUnit(attempt, kind, ms, parts)))).ToArray();
                await client.PlayAsync(ct).ConfigureAwait(false);
                played = true;
                pull.Tell(new CameraPlaying(attempt, protocol, chosen, refused));
                var timeout = endpoint.Transport == PullTransport.Auto && protocol == RtpProtocol.Udp ? UdpProbeTimeout : MediaTimeout;
                await client.ReceiveAsync(new Receiver(tracks), timeout, ct).ConfigureAwait(false);
            }
            finally
            {
                await client.TeardownAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            pull.Tell(new CameraLost(attempt, e, played));
        }
    }

    private sealed class Receiver(RtpTrackReader[] tracks) : IRtpReceiver
    {
        public void OnRtp(int track, ReadOnlyMemory<byte> packet) => tracks[track].OnRtp(packet);

        public void OnRtcp(int track, ReadOnlyMemory<byte> packet) => tracks[track].OnRtcp(packet.Span);
    }
}

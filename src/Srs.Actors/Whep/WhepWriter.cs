using Srs.Actors.Media.Rtp;
using Srs.Actors.Streams;
using Srs.Actors.WebRtc.Rtp;

namespace Srs.Actors.Whep;

/// <summary>
/// A WebRTC player's writer: drains its consumer queue, as an RTMP player's writer does, and sends each frame as
/// SRTP through its peer. After a PLI or FIR it skips video until the next keyframe: a camera cannot be asked for
/// one, so the browser is given the next one that comes.
/// </summary>
public static class WhepWriter
{
    public static async Task RunAsync(OutboundQueue queue, RtcPayloader payloader, WhepPeer peer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(payloader);
        ArgumentNullException.ThrowIfNull(peer);
        bool waitingForKeyframe = true; // a player starts on a keyframe, whatever the queue begins with
        while (await queue.DrainAsync(ct).ConfigureAwait(false) is { } batch)
        {
            foreach (var item in batch)
            {
                if (item.Frame is not { } frame) continue;
                if (frame.IsVideo && !frame.IsSequenceHeader)
                {
                    if (peer.KeyframeWanted)
                    {
                        peer.KeyframeWanted = false;
                        waitingForKeyframe = true;
                    }
                    if (waitingForKeyframe && !frame.IsKeyFrame) continue;
                    waitingForKeyframe = false;
                    if (frame.IsKeyFrame) Interlocked.Exchange(ref peer.LastKeyframeMs, Environment.TickCount64);
                }
                Send(frame, payloader, peer.SendRtp);
            }
            queue.Recycle(batch);
        }
    }

    /// <summary>One frame as this player's packets: its video payloads are the frame's, cut once for every player.</summary>
    public static void Send(MediaFrame frame, RtcPayloader payloader, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(payloader);
        payloader.Packetize(frame.Kind, frame.Timestamp, frame.Body, emit, frame, static (f, format) => f.EncodedFor(RtpVideoEncoding.For(format)));
    }
}

using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp;

/// <summary>
/// RTMP's protocol control as both ends keep it (the spec's 5.4 and 7.1.7): acknowledge each window of bytes the
/// peer asked for, answer its pings, and answer a changed peer bandwidth with our new window. Pure, and shared by the
/// server's read loop and <see cref="Client.RtmpClient"/>: messages in, the replies to send out. Set Chunk Size and
/// Abort are the chunk reader's; acknowledgements of what we sent need nothing (neither end throttles).
/// </summary>
public sealed class ControlChannel(uint announcedWindow = 0)
{
    private long peerWindow;
    private long lastAcknowledged;
    private uint announced = announcedWindow;

    /// <summary>The window the peer asked us to acknowledge (0: none).</summary>
    public long PeerWindow => Interlocked.Read(ref peerWindow);

    /// <summary>
    /// True when <paramref name="message"/> is protocol control (chunk size, abort, acknowledgement, window, peer
    /// bandwidth, user control): nothing above needs it. <paramref name="reply"/> is what to send back, if anything.
    /// </summary>
    public bool TryHandle(RtmpMessage message, out RtmpMessage? reply)
    {
        reply = null;
        switch (message.TypeId)
        {
            case MessageType.SetChunkSize:
            case MessageType.Abort:
            case MessageType.Acknowledgement:
                return true;
            case MessageType.WindowAckSize:
                Interlocked.Exchange(ref peerWindow, WindowAckSize.Read(message.Payload.Span).Size);
                return true;
            case MessageType.SetPeerBandwidth:
                var bandwidth = SetPeerBandwidth.Read(message.Payload.Span);
                if (bandwidth.Size != 0 && bandwidth.Size != announced)
                {
                    announced = bandwidth.Size;
                    reply = new WindowAckSize(bandwidth.Size).ToMessage();
                }
                return true;
            case MessageType.UserControl:
                var control = UserControl.Read(message.Payload.Span);
                // Servers drop clients that do not answer (SRS, FMS), and clients servers: a publisher that never reads answers too.
                if (control.EventType == UserControlEvent.PingRequest) reply = new UserControl(UserControlEvent.PingResponse, control.Data).ToMessage();
                return true;
            default:
                return false;
        }
    }

    /// <summary>An acknowledgement once <paramref name="bytesRead"/> (all read so far) has passed another window; else null.</summary>
    public RtmpMessage? AcknowledgementDue(long bytesRead)
    {
        long window = PeerWindow;
        if (window <= 0 || bytesRead - lastAcknowledged < window) return null;
        lastAcknowledged = bytesRead;
        return new Acknowledgement(unchecked((uint)bytesRead)).ToMessage();
    }
}

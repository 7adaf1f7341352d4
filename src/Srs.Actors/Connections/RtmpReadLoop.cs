using System.Buffers;
using Akka.Actor;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Handshake;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Rtmp.Server;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>The handshake is over; the actor may log which kind it was.</summary>
public sealed record HandshakeDone(HandshakeKind Kind);

/// <summary>The read loop ended: the peer closed (<paramref name="Error"/> null) or broke the protocol.</summary>
public sealed record ReadLoopEnded(Exception? Error);

/// <summary>
/// The server side's read loop, outside the actor: handshake, then chunks into messages. It answers what
/// needs no decision itself (acknowledgements, pings; chunk size and abort are applied by the reader) and
/// tells the actor every other message, except a live publisher's audio and video, which go straight to its stream
/// source through the actor's <see cref="PublishShortcut"/>.
/// </summary>
public static class RtmpReadLoop
{
    public static async Task RunAsync(IConnectionTransport transport, OutboundQueue output, RtmpSettings settings, IActorRef actor, PublishShortcut shortcut, CancellationToken ct)
    {
        var input = transport.Input;
        using (var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            handshakeTimeout.CancelAfter(settings.HandshakeTimeout);
            var c0c1 = await input.ReadExactlyAsync(RtmpHandshake.C0C1Size, handshakeTimeout.Token).ConfigureAwait(false);
            transport.Received.Add(RtmpHandshake.C0C1Size);
            var s0s1s2 = RtmpHandshake.CreateServerResponse(c0c1, out var kind);
            output.EnqueueControl(s0s1s2);
            await input.ReadExactlyAsync(RtmpHandshake.C2Size, handshakeTimeout.Token).ConfigureAwait(false);
            transport.Received.Add(RtmpHandshake.C2Size);
            actor.Tell(new HandshakeDone(kind));
        }

        var reader = new ChunkReader(Math.Min(settings.MaxMessageSize, RtmpSettings.CommandMessageLimit), settings.MinPeerChunkSize);
        var control = new ControlChannel();
        long counted = 0;
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var sequence = new SequenceReader<byte>(buffer);
            try
            {
                while (reader.TryReadMessage(ref sequence, out var read) && read is { } message)
                {
                    if (control.TryHandle(message, out var reply))
                    {
                        if (reply is not null) output.EnqueueControl(ServerReplies.Control(reply, settings.OutChunkSize));
                        continue;
                    }
                    // Lifted here, before the next chunk is read: a publisher may send media right behind its
                    // publish command. The actor still decides on the publish and closes a refused publisher.
                    if (reader.MaxMessageSize < settings.MaxMessageSize && CommandMessage.IsNamed(message, "publish"))
                        reader.MaxMessageSize = settings.MaxMessageSize;
                    if (shortcut.TryForward(message)) continue;
                    shortcut.Told();
                    actor.Tell(message);
                }
            }
            finally
            {
                input.AdvanceTo(sequence.Position, buffer.End);
                transport.Received.Add(reader.BytesRead - counted);
                counted = reader.BytesRead;
            }
            // Acknowledge as the peer asked, so clients that wait on acks (Flash, some encoders) keep sending.
            if (control.AcknowledgementDue(reader.BytesRead) is { } ack) output.EnqueueControl(ServerReplies.Control(ack, settings.OutChunkSize));
            if (result.IsCompleted) return;
        }
    }
}

using System.Buffers;
using Akka.Actor;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// The read loop of an RTSP server connection, outside the actor: requests and (from publishers) interleaved
/// frames off the socket, each told to the connection actor. Bounded by <see cref="RtspMessageReader"/>'s limits
/// and by the 16-bit length of an interleaved frame.
/// </summary>
public static class RtspReadLoop
{
    public static async Task RunAsync(IConnectionTransport transport, IActorRef actor, CancellationToken ct)
    {
        var input = transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var reader = new SequenceReader<byte>(result.Buffer);
            while (true)
            {
                if (RtspMessageReader.InterleavedNext(reader))
                {
                    if (!RtspMessageReader.TryReadInterleaved(ref reader, out var frame)) break;
                    actor.Tell(new RtspPacketArrived(frame.Channel, frame.Payload.ToArray()));
                }
                else if (RtspMessageReader.TryReadRequest(ref reader, out var request))
                {
                    actor.Tell(new RtspRequestArrived(request!));
                }
                else
                {
                    break;
                }
            }
            transport.Received.Add(reader.Consumed);
            input.AdvanceTo(reader.Position, result.Buffer.End);
            if (result.IsCompleted) return;
        }
    }
}

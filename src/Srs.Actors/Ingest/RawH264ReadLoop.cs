using System.Diagnostics;
using System.IO.Pipelines;
using Akka.Actor;

namespace Srs.Actors.Ingest;

/// <summary>
/// The read loop of a raw H.264 TCP sender, outside the actor: splits the byte stream into access units and tells
/// the connection actor each one, stamped with its arrival time. Ends with <see cref="RawH264ReadEnded"/>.
/// </summary>
public static class RawH264ReadLoop
{
    public static async Task RunAsync(PipeReader input, RawH264Limits limits, IActorRef actor, CancellationToken ct)
    {
        var reader = new RawH264Reader(input, limits);
        try
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false) is { } unit)
                actor.Tell(new AccessUnitArrived(unit, Stopwatch.GetTimestamp()));
            actor.Tell(new RawH264ReadEnded(null, reader.BytesRead));
        }
        catch (Exception e)
        {
            actor.Tell(new RawH264ReadEnded(e, reader.BytesRead));
        }
    }
}

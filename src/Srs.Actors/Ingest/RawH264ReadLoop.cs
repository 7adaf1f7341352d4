using System.Diagnostics;
using System.IO.Pipelines;
using Akka.Actor;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// The read loop of a raw H.264 TCP sender, outside the actor: splits the byte stream into access units and tells
/// the connection actor each one, stamped with its arrival time. Ends with <see cref="RawH264ReadEnded"/>.
/// </summary>
public static class RawH264ReadLoop
{
    /// <param name="received">Counts the bytes read, for the API's client and node totals.</param>
    public static async Task RunAsync(PipeReader input, RawH264Limits limits, IActorRef actor, TrafficCounter received, CancellationToken ct)
    {
        var reader = new RawH264Reader(input, limits);
        long counted = 0;
        try
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false) is { } unit)
            {
                received.Add(reader.BytesRead - counted);
                counted = reader.BytesRead;
                actor.Tell(new AccessUnitArrived(unit, Stopwatch.GetTimestamp()));
            }
            actor.Tell(new RawH264ReadEnded(null, reader.BytesRead));
        }
        catch (Exception e)
        {
            actor.Tell(new RawH264ReadEnded(e, reader.BytesRead));
        }
    }
}

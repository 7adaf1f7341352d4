using Srs.Actors.Transport;

namespace Srs.Actors.Stats;

/// <summary>A stream's live counters: written by its source actor alone, read by the API at any time.</summary>
public sealed class StreamCounters
{
    private long frames;

    public long Frames => Interlocked.Read(ref frames);
    public TrafficCounter Recv { get; } = new();

    public void AddFrame(int bytes)
    {
        Interlocked.Increment(ref frames);
        Recv.Add(bytes);
    }
}

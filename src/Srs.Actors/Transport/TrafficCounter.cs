namespace Srs.Actors.Transport;

/// <summary>
/// A byte counter that I/O loops bump without locks, plus a small ring of samples taken every few seconds,
/// from which the API reads SRS's <c>kbps.recv_30s</c> / <c>send_30s</c>.
/// </summary>
public sealed class TrafficCounter
{
    private const int Slots = 8; // 8 samples × 5 s covers the 30 s window with room to spare
    private readonly (long Ms, long Bytes)[] samples = new (long, long)[Slots];
    private readonly object gate = new();
    private long total;
    private int next;
    private int count;

    public long Total => Interlocked.Read(ref total);

    public void Add(long bytes) => Interlocked.Add(ref total, bytes);

    /// <summary>Records the total at <paramref name="nowMs"/> (a monotonic clock in milliseconds).</summary>
    public void Sample(long nowMs)
    {
        lock (gate)
        {
            samples[next] = (nowMs, Total);
            next = (next + 1) % Slots;
            if (count < Slots) count++;
        }
    }

    /// <summary>Kilobits per second over about the last <paramref name="windowMs"/>, from the oldest sample inside it.</summary>
    public int Kbps(long nowMs, long windowMs = 30_000)
    {
        lock (gate)
        {
            if (count == 0) return 0;
            (long Ms, long Bytes) oldest = default;
            bool found = false;
            for (int i = 0; i < count; i++)
            {
                var s = samples[(next - 1 - i + Slots) % Slots];
                if (nowMs - s.Ms > windowMs + 5_000) break;
                oldest = s;
                found = true;
            }
            if (!found || nowMs <= oldest.Ms) return 0;
            return (int)((Total - oldest.Bytes) * 8 / (nowMs - oldest.Ms));
        }
    }
}

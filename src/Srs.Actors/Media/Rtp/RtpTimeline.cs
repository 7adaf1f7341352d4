namespace Srs.Actors.Media.Rtp;

/// <summary>
/// A track's 32-bit RTP timestamps as a running count of clock ticks that survives wrap-around (every 13 h at
/// 90 kHz, 27 h at 44.1 kHz): each timestamp is taken as the nearest one to the previous, so reordered packets
/// step back a little instead of jumping four billion ticks ahead.
/// </summary>
public sealed class RtpTimeline(int clockRate)
{
    private long last;
    private bool started;

    public int ClockRate { get; } = clockRate > 0 ? clockRate : throw new ArgumentOutOfRangeException(nameof(clockRate), "a clock rate is positive");

    /// <summary>Whether a timestamp was seen: <see cref="Origin"/> is set.</summary>
    public bool Started => started;

    /// <summary>The first timestamp seen: tick 0.</summary>
    public uint Origin { get; private set; }

    /// <summary>Ticks since the first timestamp this timeline saw (negative for a packet older than that).</summary>
    public long Extend(uint timestamp)
    {
        if (!started)
        {
            started = true;
            Origin = timestamp;
            last = 0;
            return 0;
        }
        uint previous = unchecked(Origin + (uint)last);
        last += unchecked((int)(timestamp - previous)); // the signed distance modulo 2^32
        return last;
    }

    /// <summary>
    /// Ticks of <paramref name="timestamp"/> taken as the nearest to the latest one, the timeline left as it is
    /// (a sender report's RTP time); 0 before the first timestamp.
    /// </summary>
    public long Peek(uint timestamp) => started ? last + unchecked((int)(timestamp - unchecked(Origin + (uint)last))) : 0;

    /// <summary>Ticks to milliseconds at this clock.</summary>
    public long ToMilliseconds(long ticks) => (long)Math.Floor(ticks * 1000.0 / ClockRate);
}

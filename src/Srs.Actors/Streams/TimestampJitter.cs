namespace Srs.Actors.Streams;

public enum JitterMode { Full, Zero, Off }

/// <summary>
/// Timestamp correction of a published stream, with SRS's <c>time_jitter</c> meanings:
/// <c>full</c> keeps deltas within ±250 ms and replaces bigger jumps (a wrap, a camera clock reset,
/// a republish) by a 10 ms step, so the output never jumps; <c>zero</c> only starts the stream at 0;
/// <c>off</c> passes timestamps through. Deltas are taken modulo 2^32, so a 32-bit wrap is a small step.
/// </summary>
public sealed class TimestampJitter(JitterMode mode)
{
    private const int MaxJitterMs = 250;
    private const int DefaultFrameMs = 10;

    private bool started;
    private uint lastInput;
    private long corrected;
    private uint zeroBase;

    public uint Correct(uint timestamp)
    {
        switch (mode)
        {
            case JitterMode.Off:
                return timestamp;
            case JitterMode.Zero:
                if (!started) { started = true; zeroBase = timestamp; }
                return unchecked(timestamp - zeroBase);
        }
        if (!started)
        {
            started = true;
            lastInput = timestamp;
            corrected = 0;
            return 0;
        }
        int delta = unchecked((int)(timestamp - lastInput));
        if (delta > MaxJitterMs || delta < -MaxJitterMs) delta = DefaultFrameMs;
        corrected = Math.Max(0, corrected + delta);
        lastInput = timestamp;
        return unchecked((uint)corrected);
    }
}

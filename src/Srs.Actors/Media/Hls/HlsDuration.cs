namespace Srs.Actors.Media.Hls;

/// <summary>
/// Segment durations as playlists write them: whole milliseconds, the precision of EXTINF's three decimals. The
/// writer derives both EXTINF and the target duration from the same rounded value, so the two can never disagree.
/// </summary>
internal static class HlsDuration
{
    private const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    /// <summary>Rounds half up to whole milliseconds; durations are never negative. Divides first so TimeSpan.MaxValue cannot overflow.</summary>
    public static long ToMilliseconds(TimeSpan duration)
    {
        long milliseconds = Math.DivRem(duration.Ticks, TicksPerMillisecond, out long rest);
        return rest >= TicksPerMillisecond / 2 ? milliseconds + 1 : milliseconds;
    }

    /// <summary>"s.mmm", culture-free.</summary>
    public static string Format(long milliseconds) => $"{milliseconds / 1000}.{milliseconds % 1000:D3}";

    /// <summary>
    /// Whole seconds of the target duration for a segment this long: the ceiling, because RFC 8216 4.3.3.1 requires
    /// every EXTINF rounded to the nearest integer to be at most the target, and the ceiling satisfies that however
    /// a player rounds.
    /// </summary>
    public static long CeilingSeconds(long milliseconds) => (milliseconds + 999) / 1000;
}

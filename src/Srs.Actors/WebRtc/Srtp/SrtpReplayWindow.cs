namespace Srs.Actors.WebRtc.Srtp;

/// <summary>
/// The receiver's replay list (RFC 3711 3.3.2): the highest index authenticated so far and a 64-bit mask of the
/// indexes below it already seen. Checked before authentication, updated only after it.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong highest;
    private ulong seen;
    private bool started;

    /// <summary>Null when <paramref name="index"/> may be new; otherwise why it is refused.</summary>
    public readonly string? Check(ulong index)
    {
        if (!started || index > highest) return null;
        ulong behind = highest - index;
        if (behind >= Size) return $"index {index} is {behind} behind the window";
        return (seen & (1UL << (int)behind)) != 0 ? $"index {index} replayed" : null;
    }

    /// <summary>Marks an authenticated <paramref name="index"/> as seen.</summary>
    public void Accept(ulong index)
    {
        if (!started)
        {
            started = true;
            highest = index;
            seen = 1;
        }
        else if (index > highest)
        {
            ulong shift = index - highest;
            seen = shift >= Size ? 1 : (seen << (int)shift) | 1;
            highest = index;
        }
        else
        {
            seen |= 1UL << (int)(highest - index);
        }
    }
}

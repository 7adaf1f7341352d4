namespace Srs.Actors.Pull;

/// <summary>
/// A pull's one clock across its upstream sessions: each session's own milliseconds are laid after what the sessions
/// before it sent, so the stream's players see time run on when the upstream comes back, never jump back.
/// </summary>
public sealed class PullTimeline
{
    /// <summary>How far after the last frame sent the next session starts: about one frame at 25 fps.</summary>
    private const long Gap = 40;

    private long baseMs;

    /// <summary>The latest timestamp sent on the stream.</summary>
    public long Last { get; private set; }

    /// <summary>The stream's timestamp of <paramref name="sessionMs"/> milliseconds into the current upstream session.</summary>
    public long At(long sessionMs) => Math.Max(0, baseMs + sessionMs);

    /// <summary>A frame at <paramref name="ms"/> went out.</summary>
    public void Sent(long ms) => Last = Math.Max(Last, ms);

    /// <summary>The upstream session ended: the next one starts after what was sent.</summary>
    public void NextSession() => baseMs = Last + Gap;
}

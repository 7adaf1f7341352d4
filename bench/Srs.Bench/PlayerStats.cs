namespace Srs.Bench;

/// <summary>
/// What one player measured. Written only by its own task and read after all tasks ended, so plain fields suffice.
/// Counts only: the payloads themselves are dropped as soon as they are read.
/// </summary>
internal sealed class PlayerStats
{
    /// <summary>Whether play started (the server sent NetStream.Play.Start).</summary>
    public bool Playing;

    /// <summary>Why the player could not connect or play; null when it could.</summary>
    public string? Failure;

    /// <summary>Bytes received after the first media message.</summary>
    public long Bytes;

    /// <summary>Video frames received after the first media message (sequence headers not counted).</summary>
    public long VideoFrames;

    /// <summary>From the first media message to the end of the run (or to the server closing); zero if none came.</summary>
    public TimeSpan PlayTime;

    public double Kbps => PlayTime > TimeSpan.Zero ? Bytes * 8 / 1000.0 / PlayTime.TotalSeconds : 0;

    public double Fps => PlayTime > TimeSpan.Zero ? VideoFrames / PlayTime.TotalSeconds : 0;
}

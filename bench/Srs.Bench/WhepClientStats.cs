namespace Srs.Bench;

/// <summary>What one WHEP client measured. Written by its own receive loop and read after it ended, so plain fields suffice.</summary>
internal sealed class WhepClientStats
{
    /// <summary>Why the client could not connect; null when it could.</summary>
    public string? Failure;

    /// <summary>SRTP packets that unprotected, and their RTP bytes (headers included).</summary>
    public long Packets;

    public long Bytes;

    /// <summary>Packets the sequence numbers say were sent but never came (gaps), counted from the first packet.</summary>
    public long Lost;

    /// <summary>Packets that failed SRTP authentication or replay checks.</summary>
    public long Rejected;

    /// <summary>Access units (an RTP marker bit) and those carrying an IDR slice.</summary>
    public long AccessUnits;

    public long Keyframes;

    /// <summary>From the POST to the first RTP packet, and to the end of the first keyframe; null if none came.</summary>
    public TimeSpan? FirstPacket;

    public TimeSpan? FirstKeyframe;

    /// <summary>From the first packet to the end of the run.</summary>
    public TimeSpan PlayTime;

    public double PacketsPerSecond => PlayTime > TimeSpan.Zero ? Packets / PlayTime.TotalSeconds : 0;

    public double Kbps => PlayTime > TimeSpan.Zero ? Bytes * 8 / 1000.0 / PlayTime.TotalSeconds : 0;

    public double LossPercent => Packets + Lost > 0 ? 100.0 * Lost / (Packets + Lost) : 0;
}

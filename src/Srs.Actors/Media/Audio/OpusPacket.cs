namespace Srs.Actors.Media;

/// <summary>The duration of an Opus packet from its TOC byte (RFC 6716 3.1), in 48 kHz samples.</summary>
public static class OpusPacket
{
    /// <summary>Samples at 48 kHz; 0 for an empty or malformed packet.</summary>
    public static int Samples(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) return 0;
        int config = packet[0] >> 3;
        // SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms, in units of 2.5 ms (120 samples).
        int units = config < 12 ? (config & 3) switch { 0 => 4, 1 => 8, 2 => 16, _ => 24 }
            : config < 16 ? ((config & 1) == 0 ? 4 : 8)
            : 1 << (config & 3);
        int frames = (packet[0] & 3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length > 1 ? packet[1] & 0x3F : 0,
        };
        return units * 120 * frames;
    }
}

namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// The RTMP handshake as pure byte transforms, both the spec's simple one and Flash's complex
/// (digest-signed) one, for the server and the client side. No I/O: callers read and write the bytes.
/// Inputs longer than the stated size are accepted; only the leading bytes are used.
/// </summary>
public static partial class RtmpHandshake
{
    public const int C0C1Size = 1 + PacketSize;
    public const int S0S1S2Size = 1 + 2 * PacketSize;
    public const int C2Size = PacketSize;
    public const int PacketSize = 1536;

    // C0/S0 value for unencrypted RTMP; 6 (RTMPE) and others are refused.
    private const byte PlainRtmp = 3;

    // What we announce in S1's version field. ffmpeg checks the server digest only when the first
    // byte is at least 3, so a version that looks like FMS 3+ makes it actually verify us.
    private const uint ServerVersion = 0x0D0E0A0D;

    // Flash Player 9.0.115+ style version (0x80 0x00 0x07 0x02), as librtmp announces; servers that
    // look at it at all only check that it is non-zero.
    private const uint ClientVersion = 0x80000702;

    private static void RequireLength(ReadOnlySpan<byte> data, int size, string what)
    {
        if (data.Length < size)
            throw new RtmpProtocolException($"RTMP handshake {what} needs {size} bytes, got {data.Length}");
    }

    private static void RequirePlainRtmp(byte version, string what)
    {
        if (version != PlainRtmp)
            throw new RtmpProtocolException($"RTMP handshake {what} version {version} is not supported, only {PlainRtmp}");
    }
}

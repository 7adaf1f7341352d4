namespace Srs.Actors.Tests.Media.MpegTs;

/// <summary>Helpers to look into muxer output one 188-byte packet at a time.</summary>
internal static class TsPackets
{
    public const int Size = 188;

    public static int Count(ReadOnlySpan<byte> stream)
    {
        Assert.Equal(0, stream.Length % Size);
        return stream.Length / Size;
    }

    public static byte[] Packet(ReadOnlySpan<byte> stream, int index) => stream.Slice(index * Size, Size).ToArray();

    public static int Pid(byte[] packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    public static int ContinuityCounter(byte[] packet) => packet[3] & 0x0F;

    public static bool PayloadUnitStart(byte[] packet) => (packet[1] & 0x40) != 0;

    public static bool HasAdaptationField(byte[] packet) => (packet[3] & 0x20) != 0;

    /// <summary>The payload bytes after the header and any adaptation field.</summary>
    public static byte[] Payload(byte[] packet)
    {
        int start = 4 + (HasAdaptationField(packet) ? 1 + packet[4] : 0);
        return packet[start..];
    }
}

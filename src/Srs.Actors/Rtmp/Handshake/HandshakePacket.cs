using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Srs.Actors.Rtmp.Handshake;

/// <summary>Fills a C1/S1 with its header, time(4) and version(4), followed by 1528 random bytes.</summary>
internal static class HandshakePacket
{
    /// <param name="version">0 for the simple handshake (the spec's "zero" field); a Flash/FMS version for the complex one.</param>
    public static void Fill(Span<byte> packet, uint version)
    {
        packet = packet[..RtmpHandshake.PacketSize];
        // Real randomness, not a seeded generator: a complex digest position depends on these bytes.
        RandomNumberGenerator.Fill(packet[8..]);
        // The epoch is ours to pick; the peer only uses it as the base of our chunk timestamps.
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)Environment.TickCount64);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], version);
    }
}

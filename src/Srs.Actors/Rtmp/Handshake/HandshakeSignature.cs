using System.Security.Cryptography;

namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// The complex C2/S2: random(1504) then HMAC-SHA256 of those bytes, keyed by
/// HMAC-SHA256(sender's full key, the peer's C1/S1 digest). It proves the sender read the peer's packet.
/// </summary>
internal static class HandshakeSignature
{
    private const int RandomLength = RtmpHandshake.PacketSize - HandshakeLayout.DigestSize;

    public static void Create(Span<byte> response, ReadOnlySpan<byte> peerDigest, ReadOnlySpan<byte> fullKey)
    {
        var packet = response[..RtmpHandshake.PacketSize];
        RandomNumberGenerator.Fill(packet[..RandomLength]);
        Sign(packet[..RandomLength], peerDigest, fullKey, packet[RandomLength..]);
    }

    public static bool Verify(ReadOnlySpan<byte> response, ReadOnlySpan<byte> peerDigest, ReadOnlySpan<byte> fullKey)
    {
        Span<byte> expected = stackalloc byte[HandshakeLayout.DigestSize];
        Sign(response[..RandomLength], peerDigest, fullKey, expected);
        return CryptographicOperations.FixedTimeEquals(expected, response.Slice(RandomLength, HandshakeLayout.DigestSize));
    }

    private static void Sign(ReadOnlySpan<byte> data, ReadOnlySpan<byte> peerDigest, ReadOnlySpan<byte> fullKey, Span<byte> destination)
    {
        Span<byte> sessionKey = stackalloc byte[HandshakeLayout.DigestSize];
        HMACSHA256.HashData(fullKey, peerDigest, sessionKey);
        HMACSHA256.HashData(sessionKey, data, destination);
    }
}

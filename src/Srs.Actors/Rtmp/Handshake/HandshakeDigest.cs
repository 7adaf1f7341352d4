using System.Security.Cryptography;

namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// The C1/S1 digest: HMAC-SHA256 over the whole 1536-byte packet except the 32 digest bytes themselves,
/// keyed with the sender's key prefix (FP 30 for clients, FMS 36 for servers).
/// </summary>
internal static class HandshakeDigest
{
    private const int SignedLength = RtmpHandshake.PacketSize - HandshakeLayout.DigestSize;

    /// <summary>Writes the digest for <paramref name="schema"/> into its place in <paramref name="packet"/>.</summary>
    public static void Imprint(Span<byte> packet, HandshakeKind schema, ReadOnlySpan<byte> key)
    {
        int offset = HandshakeLayout.DigestOffset(packet, schema);
        Compute(packet, offset, key, packet.Slice(offset, HandshakeLayout.DigestSize));
    }

    public static bool Verify(ReadOnlySpan<byte> packet, HandshakeKind schema, ReadOnlySpan<byte> key)
    {
        int offset = HandshakeLayout.DigestOffset(packet, schema);
        Span<byte> expected = stackalloc byte[HandshakeLayout.DigestSize];
        Compute(packet, offset, key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, packet.Slice(offset, HandshakeLayout.DigestSize));
    }

    /// <summary>
    /// The schema whose digest checks out, or <see cref="HandshakeKind.Simple"/> when neither does.
    /// Schema 1 goes first because ffmpeg, librtmp and OBS all send it.
    /// </summary>
    public static HandshakeKind Detect(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key)
    {
        if (Verify(packet, HandshakeKind.ComplexSchema1, key))
            return HandshakeKind.ComplexSchema1;
        if (Verify(packet, HandshakeKind.ComplexSchema0, key))
            return HandshakeKind.ComplexSchema0;
        return HandshakeKind.Simple;
    }

    /// <summary>The 32 digest bytes of a packet already known to be complex.</summary>
    public static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> packet, HandshakeKind schema) =>
        packet.Slice(HandshakeLayout.DigestOffset(packet, schema), HandshakeLayout.DigestSize);

    private static void Compute(ReadOnlySpan<byte> packet, int digestOffset, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        // Join the two halves first: destination may be the digest slot of packet itself.
        Span<byte> joined = stackalloc byte[SignedLength];
        packet[..digestOffset].CopyTo(joined);
        packet.Slice(digestOffset + HandshakeLayout.DigestSize, SignedLength - digestOffset).CopyTo(joined[digestOffset..]);
        HMACSHA256.HashData(key, joined, destination);
    }
}

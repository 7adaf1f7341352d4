namespace Srs.Actors.Rtmp.Handshake;

public static partial class RtmpHandshake
{
    /// <summary>
    /// Answers a client's C0+C1 with S0+S1+S2. When C1 carries a valid Flash Player digest the answer is
    /// complex in the client's schema (clients that sent a digest may verify ours); otherwise simple.
    /// </summary>
    /// <exception cref="RtmpProtocolException">Fewer than <see cref="C0C1Size"/> bytes, or C0 is not 3.</exception>
    public static byte[] CreateServerResponse(ReadOnlySpan<byte> c0c1, out HandshakeKind kind)
    {
        RequireLength(c0c1, C0C1Size, "C0C1");
        RequirePlainRtmp(c0c1[0], "C0");
        var c1 = c0c1.Slice(1, PacketSize);

        kind = HandshakeDigest.Detect(c1, HandshakeKeys.FpPrefix);

        var response = new byte[S0S1S2Size];
        response[0] = PlainRtmp;
        var s1 = response.AsSpan(1, PacketSize);
        var s2 = response.AsSpan(1 + PacketSize, PacketSize);

        if (kind == HandshakeKind.Simple)
        {
            HandshakePacket.Fill(s1, 0);
            c1.CopyTo(s2);
            return response;
        }

        HandshakePacket.Fill(s1, ServerVersion);
        HandshakeDigest.Imprint(s1, kind, HandshakeKeys.FmsPrefix);
        HandshakeSignature.Create(s2, HandshakeDigest.Of(c1, kind), HandshakeKeys.FmsKey);
        return response;
    }

    /// <summary>
    /// Diagnostics only: whether C2 is what a well-behaved client would send, either the echo of S1
    /// (spec, and ffmpeg when publishing) or, for a complex handshake, the signature over our S1 digest.
    /// The server accepts any C2; clients differ too much for this to gate a connection.
    /// </summary>
    /// <param name="s1">The 1536 bytes of S1 that were sent (not S0).</param>
    /// <param name="kind">The kind <see cref="CreateServerResponse"/> reported.</param>
    public static bool VerifyClientC2(ReadOnlySpan<byte> c2, ReadOnlySpan<byte> s1, HandshakeKind kind)
    {
        RequireLength(c2, C2Size, "C2");
        RequireLength(s1, PacketSize, "S1");
        c2 = c2[..C2Size];
        s1 = s1[..PacketSize];

        if (c2.SequenceEqual(s1))
            return true;
        if (kind == HandshakeKind.Simple)
            return false;
        return HandshakeSignature.Verify(c2, HandshakeDigest.Of(s1, kind), HandshakeKeys.FpKey);
    }
}

namespace Srs.Actors.Rtmp.Handshake;

public static partial class RtmpHandshake
{
    /// <summary>
    /// C0+C1 for a client. Complex uses schema 1 (digest block first), as ffmpeg and librtmp do,
    /// because it is the schema every server implementation handles.
    /// </summary>
    public static byte[] CreateClientC0C1(bool complex) =>
        CreateClientC0C1(complex ? HandshakeKind.ComplexSchema1 : HandshakeKind.Simple);

    /// <summary>C0+C1 in any schema; schema 0 exists for tests of the server side.</summary>
    internal static byte[] CreateClientC0C1(HandshakeKind schema)
    {
        var c0c1 = new byte[C0C1Size];
        c0c1[0] = PlainRtmp;
        var c1 = c0c1.AsSpan(1);

        if (schema == HandshakeKind.Simple)
        {
            HandshakePacket.Fill(c1, 0);
            return c0c1;
        }

        HandshakePacket.Fill(c1, ClientVersion);
        HandshakeDigest.Imprint(c1, schema, HandshakeKeys.FpPrefix);
        return c0c1;
    }

    /// <summary>
    /// C2 for the server's S0+S1+S2. If we sent a complex C1 and S1 carries a valid FMS digest,
    /// <paramref name="serverVerified"/> is true and C2 is the complex signature over that digest;
    /// otherwise C2 echoes S1, which every server accepts.
    /// </summary>
    /// <param name="c0c1">What <see cref="CreateClientC0C1(bool)"/> returned for this connection.</param>
    /// <exception cref="RtmpProtocolException">Short input, or S0 is not 3.</exception>
    public static byte[] CreateClientC2(ReadOnlySpan<byte> s0s1s2, ReadOnlySpan<byte> c0c1, out bool serverVerified)
    {
        RequireLength(s0s1s2, S0S1S2Size, "S0S1S2");
        RequireLength(c0c1, C0C1Size, "C0C1");
        RequirePlainRtmp(s0s1s2[0], "S0");
        var s1 = s0s1s2.Slice(1, PacketSize);
        var c1 = c0c1.Slice(1, PacketSize);

        // A server only owes us a digest if we offered one; a simple C1 never gets a complex C2.
        bool weSentComplex = HandshakeDigest.Detect(c1, HandshakeKeys.FpPrefix) != HandshakeKind.Simple;
        var serverSchema = weSentComplex
            ? HandshakeDigest.Detect(s1, HandshakeKeys.FmsPrefix)
            : HandshakeKind.Simple;

        var c2 = new byte[C2Size];
        serverVerified = serverSchema != HandshakeKind.Simple;
        if (serverVerified)
            HandshakeSignature.Create(c2, HandshakeDigest.Of(s1, serverSchema), HandshakeKeys.FpKey);
        else
            s1.CopyTo(c2);
        return c2;
    }
}

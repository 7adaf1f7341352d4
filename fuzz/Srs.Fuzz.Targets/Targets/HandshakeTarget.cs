using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Handshake;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// The RTMP handshake, both sides. The input is taken as a client's C0C1 (+C2) by the server and as a server's
/// S0S1S2 by our client; only <see cref="RtmpProtocolException"/> (short input, wrong version byte) may escape.
/// </summary>
public sealed class HandshakeTarget : FuzzTarget
{
    // One complex C0C1 of ours per process: the client side needs "what we sent" to answer S0S1S2.
    private static readonly byte[] OurC0C1 = RtmpHandshake.CreateClientC0C1(complex: true);

    public override string Name => "handshake";

    public override string Contract =>
        "server: C0C1 (+C2) -> S0S1S2, client: S0S1S2 -> C2; throws only RtmpProtocolException; a complex C1 gets an S1 its sender verifies and a C2 the server verifies";

    public override int MaxInputLength => RtmpHandshake.S0S1S2Size + 64;

    public override bool IsRejection(Exception e) => Is<RtmpProtocolException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        // Client side first: it needs the most bytes, and its failure must not hide the server side's.
        try
        {
            RtmpHandshake.CreateClientC2(input, OurC0C1, out _);
        }
        catch (RtmpProtocolException)
        {
        }

        byte[] response = RtmpHandshake.CreateServerResponse(input, out var kind);
        ContractViolationException.Require(response.Length == RtmpHandshake.S0S1S2Size && response[0] == 3, "S0S1S2 has the wrong size or version");
        ReadOnlySpan<byte> s1 = response.AsSpan(1, RtmpHandshake.PacketSize);
        var c1 = input.Slice(1, RtmpHandshake.PacketSize);

        if (kind == HandshakeKind.Simple)
        {
            ContractViolationException.Require(response.AsSpan(1 + RtmpHandshake.PacketSize).SequenceEqual(c1), "simple S2 does not echo C1");
        }
        else
        {
            // Whoever sent this digest-signed C1 can check our S1 and sign it: the round trip must close.
            byte[] c2 = RtmpHandshake.CreateClientC2(response, input[..RtmpHandshake.C0C1Size], out bool serverVerified);
            ContractViolationException.Require(serverVerified, $"a {kind} C1 got an S1 its own client cannot verify");
            ContractViolationException.Require(RtmpHandshake.VerifyClientC2(c2, s1, kind), $"the server refuses the C2 a {kind} client signs");
        }

        // Whatever follows C0C1 is the client's C2; checking it is diagnostics only and must never throw.
        if (input.Length >= RtmpHandshake.C0C1Size + RtmpHandshake.C2Size)
        {
            RtmpHandshake.VerifyClientC2(input.Slice(RtmpHandshake.C0C1Size, RtmpHandshake.C2Size), s1, kind);
        }
    }
}

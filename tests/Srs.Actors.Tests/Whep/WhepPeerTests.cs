using System.Net;
using Akka.Actor;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Transport;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Rtcp;
using Srs.Actors.WebRtc.Srtp;
using Srs.Actors.Whep;

namespace Srs.Actors.Tests.Whep;

/// <summary>A WebRTC player's transport as the browser sees it: SRTP it can decrypt, NACKs answered with the very packets lost, sender reports.</summary>
public sealed class WhepPeerTests
{
    private static readonly byte[] ClientKey = Convert.FromHexString("000102030405060708090A0B0C0D0E0F"), ClientSalt = Convert.FromHexString("101112131415161718191A1B1C1D");
    private static readonly byte[] ServerKey = Convert.FromHexString("202122232425262728292A2B2C2D2E2F"), ServerSalt = Convert.FromHexString("303132333435363738393A3B3C3D");
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.9"), 50000);

    private sealed class Wire
    {
        public readonly List<(byte[] Bytes, EndPoint To)> Sent = [];

        public void Send(ReadOnlyMemory<byte> datagram, EndPoint to) => Sent.Add((datagram.ToArray(), to));
    }

    private static (WhepPeer Peer, Wire Wire) Connected()
    {
        var wire = new Wire();
        var peer = new WhepPeer("node", "nodepassword0123456789", "brws", new DtlsServerSession(RtcCertificate.Create(), _ => { }), ActorRefs.Nobody, new TrafficCounter(), wire.Send);
        Assert.True(peer.Heard(Browser, nominated: true));
        peer.Secure(new SrtpKeys(SrtpProfile.Aes128CmHmacSha1_80, ClientKey, ClientSalt, ServerKey, ServerSalt));
        return (peer, wire);
    }

    private static RtpPacket Packet(ushort sequence) => new(true, 102, sequence, 9000u * sequence, 0xCAFE, Enumerable.Range(0, 100).Select(i => (byte)(i + sequence)).ToArray());

    [Fact]
    public void Packets_go_to_the_browser_as_srtp_it_decrypts_with_the_server_s_keys()
    {
        var (peer, wire) = Connected();
        peer.SendRtp(Packet(7));
        var (bytes, to) = Assert.Single(wire.Sent);
        Assert.Equal(Browser, to);
        using var browser = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, ServerKey, ServerSalt);
        Assert.True(browser.TryUnprotectRtp(bytes, out int length, out var error), error);
        Assert.True(RtpPacket.TryParse(bytes.AsMemory(0, length), out var packet, out _));
        Assert.Equal(Packet(7).Payload.ToArray(), packet.Payload.ToArray());
    }

    [Fact]
    public void A_nack_gets_the_lost_packets_again_byte_for_byte_and_one_too_old_is_counted()
    {
        var (peer, wire) = Connected();
        for (ushort s = 1000; s < 1400; s++) peer.SendRtp(Packet(s));
        var first = wire.Sent.ToDictionary(p => (ushort)((p.Bytes[2] << 8) | p.Bytes[3]), p => p.Bytes);
        wire.Sent.Clear();

        // The browser's generic NACK (RFC 4585 6.2.1) for 1390 and 1392, as it sends it: SRTCP under the client's keys.
        var nack = new byte[] { 0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0xCA, 0xFE, 0x05, 0x6E, 0b0000_0000, 0b0000_0010 };
        var srtcp = new byte[nack.Length + 64];
        nack.CopyTo(srtcp, 0);
        using var browser = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, ClientKey, ClientSalt);
        int length = browser.ProtectRtcp(srtcp, nack.Length);
        var feedback = new List<RtcpFeedback>();
        Assert.True(peer.TryReadRtcp(srtcp, length, feedback, out var error), error);
        var lost = Assert.Single(feedback, f => f.Kind == RtcpFeedbackKind.Nack).LostSequences!;
        Assert.Equal([1390, 1392], lost);
        peer.Retransmit([.. lost, 1000]); // 1000 left the 256-packet history long ago
        Assert.Equal([first[1390], first[1392]], wire.Sent.Select(p => p.Bytes));
        Assert.Equal((2, 1), (peer.Retransmitted, peer.Unrecoverable));
    }

    [Fact]
    public void Rtcp_that_does_not_authenticate_is_refused_and_sender_reports_cover_each_ssrc()
    {
        var (peer, wire) = Connected();
        var forged = new byte[] { 0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0xCA, 0xFE, 0x80, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        Assert.False(peer.TryReadRtcp(forged, forged.Length, [], out var error));
        Assert.NotNull(error);
        peer.SendRtp(Packet(1));
        wire.Sent.Clear();
        peer.SendReports();
        var report = Assert.Single(wire.Sent).Bytes;
        using var browser = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, ServerKey, ServerSalt);
        Assert.True(browser.TryUnprotectRtcp(report, out int length, out error), error);
        Assert.True(RtcpSenderReport.TryFind(report.AsSpan(0, length), out var sr));
        Assert.Equal((0xCAFEu, 9000u), (sr.Ssrc, sr.RtpTimestamp));
    }
}

using System.Net;
using Akka.Actor;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Transport;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Rtcp;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Whep;

/// <summary>
/// The transport of one WebRTC player, shared by three parties: the port's receive loop (ICE checks, DTLS records,
/// RTCP from the browser), the player's writer task (RTP out) and its actor (lifecycle). It holds what they share:
/// the browser's address as ICE chose it, the DTLS session, the SRTP contexts, and the history NACKs are answered
/// from. SRTP contexts are not thread-safe, so protecting and sending happen under one lock.
/// </summary>
public sealed class WhepPeer : IDisposable
{
    /// <summary>
    /// Packets kept for retransmission: 2.5 s of a 1 Mbit/s camera, 0.6 s of a 4 Mbit/s one, past a browser's NACK
    /// window (a few round trips); each player holds its own (about 300 KB), so it is no larger.
    /// </summary>
    private const int HistorySize = 256;

    private readonly Action<ReadOnlyMemory<byte>, EndPoint> sendTo;
    private readonly object gate = new();
    private readonly byte[]?[] history = new byte[HistorySize][];
    private readonly ushort[] historySequence = new ushort[HistorySize];
    private readonly byte[] packetBuffer = new byte[1500 + 64];
    private readonly byte[] reportBuffer = new byte[64];
    private readonly Dictionary<uint, (uint Packets, uint Octets, uint LastRtpTime)> sentBySsrc = [];
    private SrtpSession? outbound, inbound;
    private volatile IPEndPoint? remote;
    private long lastHeardMs = Environment.TickCount64;

    public WhepPeer(string localUfrag, string localPwd, string remoteUfrag, DtlsServerSession dtls, IActorRef player, TrafficCounter sent, Action<ReadOnlyMemory<byte>, EndPoint> sendTo)
    {
        LocalUfrag = localUfrag;
        LocalPwd = localPwd;
        RemoteUfrag = remoteUfrag;
        Dtls = dtls;
        Player = player;
        Sent = sent;
        this.sendTo = sendTo;
    }

    public string LocalUfrag { get; }
    public string LocalPwd { get; }
    public string RemoteUfrag { get; }
    public DtlsServerSession Dtls { get; }

    /// <summary>The player's actor, told when ICE first binds an address.</summary>
    public IActorRef Player { get; }

    public TrafficCounter Sent { get; }

    /// <summary>Where the browser is, once an ICE check came from there; null before.</summary>
    public IPEndPoint? Remote => remote;

    /// <summary>When the browser was last heard from (an ICE check or RTCP), in <see cref="Environment.TickCount64"/>.</summary>
    public long LastHeardMs => Interlocked.Read(ref lastHeardMs);

    /// <summary>Set by a PLI or FIR: the writer skips video until the next keyframe, which the browser can decode from.</summary>
    public volatile bool KeyframeWanted;

    /// <summary>When the writer last sent a keyframe (<see cref="Environment.TickCount64"/>): a PLI just after one is the browser still catching up, not a reason to wait a whole GOP.</summary>
    public long LastKeyframeMs;

    /// <summary>NACKed packets found and sent again; NACKed packets no longer in the history.</summary>
    public long Retransmitted, Unrecoverable;

    /// <summary>True once SRTP keys are set: media may flow.</summary>
    public bool Secured
    {
        get { lock (gate) return outbound is not null; }
    }

    /// <summary>An ICE check from <paramref name="from"/> passed: the latest such address is where media goes (RFC 8445 lite: the controlling side picks).</summary>
    /// <returns>True the first time, so that the caller can tell the player.</returns>
    public bool Heard(IPEndPoint from, bool nominated)
    {
        Interlocked.Exchange(ref lastHeardMs, Environment.TickCount64);
        var current = remote;
        if (current is null || (nominated && !current.Equals(from)))
        {
            remote = from;
            return current is null;
        }
        return false;
    }

    /// <summary>Keys from the DTLS handshake: the server's protect what the node sends, the client's what it receives.</summary>
    public void Secure(SrtpKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (gate)
        {
            outbound = new SrtpSession(keys.Profile, keys.ServerKey, keys.ServerSalt);
            inbound = new SrtpSession(keys.Profile, keys.ClientKey, keys.ClientSalt);
        }
    }

    /// <summary>Protects and sends one RTP packet, keeping it for a NACK; nothing before the keys or the browser's address exist.</summary>
    public void SendRtp(RtpPacket packet)
    {
        var to = remote;
        lock (gate)
        {
            if (outbound is null || to is null) return;
            int length = packet.Write(packetBuffer);
            length = outbound.ProtectRtp(packetBuffer, length);
            var bytes = packetBuffer.AsSpan(0, length).ToArray();
            int slot = packet.SequenceNumber % HistorySize;
            history[slot] = bytes;
            historySequence[slot] = packet.SequenceNumber;
            var counts = sentBySsrc.GetValueOrDefault(packet.Ssrc);
            sentBySsrc[packet.Ssrc] = (counts.Packets + 1, counts.Octets + (uint)packet.Payload.Length, packet.Timestamp);
            Send(bytes, to);
        }
    }

    /// <summary>Decrypts RTCP from the browser (SRTCP) and reads it; false with a reason when it does not authenticate or parse.</summary>
    public bool TryReadRtcp(byte[] datagram, int length, List<RtcpFeedback> into, out string? error)
    {
        int plain;
        lock (gate)
        {
            if (inbound is null)
            {
                error = "RTCP before the DTLS handshake ended";
                return false;
            }
            if (!inbound.TryUnprotectRtcp(datagram.AsSpan(0, length), out plain, out error)) return false;
        }
        Interlocked.Exchange(ref lastHeardMs, Environment.TickCount64);
        return RtcpReader.TryRead(datagram.AsSpan(0, plain), into, out error);
    }

    /// <summary>Sends again what a NACK lists, from the history; a packet already overwritten there is counted and skipped.</summary>
    public void Retransmit(ushort[] sequences)
    {
        var to = remote;
        if (to is null) return;
        lock (gate)
        {
            foreach (ushort sequence in sequences)
            {
                int slot = sequence % HistorySize;
                if (history[slot] is { } bytes && historySequence[slot] == sequence)
                {
                    Send(bytes, to);
                    Retransmitted++;
                }
                else
                {
                    Unrecoverable++;
                }
            }
        }
    }

    /// <summary>
    /// One RTCP sender report per SSRC sent so far (RFC 3550 6.4.1), so the browser can align audio and video. A live
    /// stream's last packet left just now, so its RTP timestamp stands for "now" within a frame's time.
    /// </summary>
    public void SendReports()
    {
        var to = remote;
        if (to is null) return;
        lock (gate)
        {
            if (outbound is null) return;
            ulong ntp = RtcpSenderReportWriter.ToNtp(DateTime.UtcNow);
            foreach (var (ssrc, counts) in sentBySsrc)
            {
                int length = RtcpSenderReportWriter.Write(reportBuffer, ssrc, ntp, counts.LastRtpTime, counts.Packets, counts.Octets);
                length = outbound.ProtectRtcp(reportBuffer, length);
                Send(reportBuffer.AsSpan(0, length).ToArray(), to);
            }
        }
    }

    /// <summary>Sends raw bytes to the browser (ICE responses go through the port, DTLS through this).</summary>
    public void SendRaw(ReadOnlyMemory<byte> datagram)
    {
        if (remote is { } to) Send(datagram, to);
    }

    private void Send(ReadOnlyMemory<byte> datagram, IPEndPoint to)
    {
        sendTo(datagram, to);
        Sent.Add(datagram.Length);
    }

    public void Dispose() => Dtls.Dispose();
}

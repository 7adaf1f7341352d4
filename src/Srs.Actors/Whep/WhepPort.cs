using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Limits;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Rtcp;
using Srs.Actors.WebRtc.Stun;

namespace Srs.Actors.Whep;

/// <summary>
/// The one UDP port every WebRTC player's media goes through (<c>srs.webrtc.port</c>), as SRS and MediaMTX share one.
/// Its receive loop demultiplexes by the first byte (RFC 7983): STUN binding requests are answered here, for the peer
/// their USERNAME names, and bind the sender's address to that peer; DTLS records and SRTCP go to the peer bound to
/// their address. Anything else, a check that does not authenticate, or a stranger's packet is dropped and counted,
/// with one log line per reason and address per interval: garbage and floods cost a parse, never memory.
/// </summary>
public sealed class WhepPort : IDisposable
{
    /// <summary>Players at most on the port; more offers are answered 503.</summary>
    public const int MaxPeers = 4096;

    private readonly Socket socket;
    private readonly ILoggingAdapter log;
    private readonly ConcurrentDictionary<string, WhepPeer> byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPEndPoint, WhepPeer> byAddress = new();
    private readonly LogSampler drops = new(TimeSpan.FromSeconds(10));
    private readonly CancellationTokenSource stop = new();
    private long dropped;

    public WhepPort(Socket socket, ILoggingAdapter log)
    {
        this.socket = socket;
        this.log = log;
        LocalPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The bound UDP port, which the answers' candidates name.</summary>
    public int LocalPort { get; }

    public int Peers => byUfrag.Count;

    /// <summary>Datagrams dropped: unknown, malformed, not authenticated.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Adds a peer under its ICE ufrag; false when the port is full or the ufrag is taken.</summary>
    public bool Register(WhepPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return byUfrag.Count < MaxPeers && byUfrag.TryAdd(peer.LocalUfrag, peer);
    }

    public void Unregister(WhepPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        byUfrag.TryRemove(new KeyValuePair<string, WhepPeer>(peer.LocalUfrag, peer));
        foreach (var pair in byAddress)
            if (ReferenceEquals(pair.Value, peer)) byAddress.TryRemove(pair);
    }

    /// <summary>The peer of a session (its ICE ufrag is the WHEP resource's id).</summary>
    public bool TryGet(string ufrag, out WhepPeer? peer) => byUfrag.TryGetValue(ufrag, out peer);

    /// <summary>Sends one datagram; a send error (the browser's port gone) is the peer's problem, seen as its silence.</summary>
    public void SendTo(ReadOnlyMemory<byte> datagram, EndPoint to)
    {
        try
        {
            socket.SendTo(datagram.Span, SocketFlags.None, to);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Starts the receive loop on its own task.</summary>
    public void Start() => _ = Task.Run(() => ReceiveLoopAsync(stop.Token));

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[2048];
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var feedback = new List<RtcpFeedback>();
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP port unreachable of an earlier send, on some systems: not ours to stop for
            }
            var from = Normalize((IPEndPoint)result.RemoteEndPoint);
            try
            {
                Demultiplex(buffer, result.ReceivedBytes, from, feedback);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                Drop(from, e.Message);
            }
        }
    }

    private static IPEndPoint Normalize(IPEndPoint from) =>
        from.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(from.Address.MapToIPv4(), from.Port) : from;

    private void Demultiplex(byte[] buffer, int length, IPEndPoint from, List<RtcpFeedback> feedback)
    {
        if (length == 0) return;
        byte first = buffer[0];
        if (first < 4)
        {
            OnStun(buffer.AsSpan(0, length), from);
        }
        else if (first is >= 20 and < 64)
        {
            if (!byAddress.TryGetValue(from, out var peer)) Drop(from, "DTLS from an address no ICE check came from");
            else if (!DtlsRecord.TryValidate(buffer.AsSpan(0, length), out _, out var error)) Drop(from, "DTLS: " + error);
            else if (!peer.Dtls.Deliver(buffer.AsMemory(0, length))) Drop(from, "DTLS queue full"); // it keeps a copy
        }
        else if (first is >= 128 and < 192)
        {
            if (!byAddress.TryGetValue(from, out var peer)) Drop(from, "RTP/RTCP from an address no ICE check came from");
            else if (length < 8 || buffer[1] is < 192 or > 223) Drop(from, "RTP from a receive-only player");
            else OnRtcp(peer, buffer, length, from, feedback);
        }
        else
        {
            Drop(from, $"not STUN, DTLS or RTP (first byte {first})");
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!StunMessage.TryParse(datagram, out var request, out var error))
        {
            Drop(from, "STUN: " + error);
            return;
        }
        if (request.Type != 0x0001) return; // indications and responses: an ICE-lite agent sends no checks of its own
        var username = request.Username;
        int colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !byUfrag.TryGetValue(username![..colon], out var peer))
        {
            Drop(from, "STUN check for no session");
            return;
        }
        Span<byte> response = stackalloc byte[256];
        if (!request.HasIntegrity || !StunMessage.VerifyIntegrity(datagram, peer.LocalPwd))
        {
            int n = StunMessage.WriteBindingError(response, request.TransactionId, 401, "Unauthorized");
            SendTo(response[..n].ToArray(), from);
            Drop(from, "STUN check that does not authenticate");
            return;
        }
        int size = StunMessage.WriteBindingSuccess(response, request.TransactionId, from, peer.LocalPwd);
        SendTo(response[..size].ToArray(), from);
        byAddress[from] = peer;
        if (peer.Heard(from, request.UseCandidate)) peer.Player.Tell(new WhepIceConnected(from), ActorRefs.NoSender);
    }

    private void OnRtcp(WhepPeer peer, byte[] buffer, int length, IPEndPoint from, List<RtcpFeedback> feedback)
    {
        feedback.Clear();
        if (!peer.TryReadRtcp(buffer, length, feedback, out var error))
        {
            Drop(from, "RTCP: " + error);
            return;
        }
        foreach (var f in feedback)
        {
            switch (f.Kind)
            {
                case RtcpFeedbackKind.Nack when f.LostSequences is { } lost:
                    peer.Retransmit(lost);
                    break;
                case RtcpFeedbackKind.Pli or RtcpFeedbackKind.Fir:
                    if (Environment.TickCount64 - Interlocked.Read(ref peer.LastKeyframeMs) > 1000) peer.KeyframeWanted = true;
                    break;
            }
        }
    }

    private void Drop(IPEndPoint from, string reason)
    {
        Interlocked.Increment(ref dropped);
        // Sampled by address and the reason's kind (up to its colon or parenthesis), so that varying details of garbage make no more lines.
        int cut = reason.IndexOfAny([':', '(']);
        if (drops.ShouldLog(from.Address + " " + (cut > 0 ? reason[..cut] : reason), out long more))
            log.Warning("webrtc: dropped a datagram from {0}: {1}{2}", from, reason, more > 0 ? $" ({more} more since)" : "");
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        stop.Dispose();
    }
}

using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Auth;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Transport;

namespace Srs.Actors.Rtsp.Client;

/// <summary>
/// The client side of one RTSP session with a camera (RFC 2326): OPTIONS, DESCRIBE (retried once with Basic or
/// Digest credentials after a 401), SETUP per track over TCP interleaved or UDP, PLAY, then <see cref="ReceiveAsync"/>
/// delivers RTP and RTCP, keeps the session alive (GET_PARAMETER, else OPTIONS, at half its timeout) and sends
/// receiver reports; TEARDOWN on the way out. Runs outside any actor; every error is an exception whose message is
/// the one-line reason. The URL's password is used for authentication only.
/// </summary>
public sealed class RtspClient : IAsyncDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const string UserAgent = "srs-node";

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly PipeReader input;
    private readonly RtspUrl url;
    private readonly TrafficCounter received;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly List<(int Rtp, int Rtcp)> channels = [];
    private readonly List<UdpTrackSockets> udp = [];
    private readonly uint ssrc = (uint)Random.Shared.Next();
    private AuthSender? auth;
    private SessionHeader? session;
    private bool getParameter;
    private int cseq;

    private RtspClient(Socket socket, RtspUrl url, TrafficCounter received)
    {
        this.socket = socket;
        this.url = url;
        this.received = received;
        stream = new NetworkStream(socket, ownsSocket: false);
        input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
    }

    /// <summary>How the tracks were set up, once <see cref="SetupAsync"/> ran.</summary>
    public RtpProtocol Protocol { get; private set; }

    public static async Task<RtspClient> ConnectAsync(RtspUrl url, TrafficCounter received, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            await socket.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
            return new RtspClient(socket, url, received);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no TCP connection to {url.Host}:{url.Port} within {RequestTimeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>OPTIONS then DESCRIBE: the SDP and the base its track controls resolve against.</summary>
    public async Task<(SessionDescription Sdp, string ContentBase)> DescribeAsync(CancellationToken ct)
    {
        var options = await RequestAsync("OPTIONS", url.Url, null, ct).ConfigureAwait(false);
        getParameter = options.Headers["Public"]?.Contains("GET_PARAMETER", StringComparison.OrdinalIgnoreCase) == true;
        var describe = await RequestAsync("DESCRIBE", url.Url, new RtspHeaders().Add("Accept", "application/sdp"), ct).ConfigureAwait(false);
        if (!SessionDescription.TryParse(Encoding.UTF8.GetString(describe.Body), out var sdp, out var error))
            throw new RtspProtocolException($"DESCRIBE: the SDP has {error}");
        var contentBase = describe.Headers["Content-Base"] ?? describe.Headers["Content-Location"] ?? url.Url;
        if (sdp!.Control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)) contentBase = sdp.Control;
        return (sdp, contentBase);
    }

    /// <summary>SETUP of each track's control URL, all over <paramref name="protocol"/>.</summary>
    public async Task SetupAsync(IReadOnlyList<string> controls, RtpProtocol protocol, CancellationToken ct)
    {
        Protocol = protocol;
        var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
        var server = ((IPEndPoint)socket.RemoteEndPoint!).Address;
        for (int i = 0; i < controls.Count; i++)
        {
            TransportHeader requested;
            UdpTrackSockets? pair = null;
            if (protocol == RtpProtocol.Tcp)
            {
                requested = new TransportHeader(RtpProtocol.Tcp, Interleaved: (2 * i, (2 * i) + 1));
            }
            else
            {
                pair = UdpTrackSockets.Bind(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local);
                udp.Add(pair);
                requested = new TransportHeader(RtpProtocol.Udp, ClientPorts: (pair.RtpPort, pair.RtpPort + 1));
            }
            var answer = await RequestAsync("SETUP", controls[i], new RtspHeaders().Add("Transport", requested.ToString()), ct).ConfigureAwait(false);
            var value = answer.Headers["Transport"] ?? throw new RtspProtocolException("SETUP: no Transport in the answer");
            if (!TransportHeader.TryParse(value, out var transport, out var error)) throw new RtspProtocolException($"SETUP: Transport '{value}': {error}");
            if (transport!.Protocol != protocol) throw new RtspStatusException("SETUP", 461, $"SETUP: asked for {protocol}, the camera answered {value}");
            if (protocol == RtpProtocol.Tcp)
            {
                channels.Add(transport.Interleaved ?? requested.Interleaved!.Value);
            }
            else
            {
                var ports = transport.ServerPorts ?? throw new RtspProtocolException($"SETUP: no server_port in '{value}'");
                pair!.ServerRtp = new IPEndPoint(server.IsIPv4MappedToIPv6 ? server.MapToIPv4() : server, ports.Rtp);
                pair.ServerRtcp = new IPEndPoint(pair.ServerRtp.Address, ports.Rtcp);
            }
        }
    }

    public Task PlayAsync(CancellationToken ct) => RequestAsync("PLAY", url.Url, new RtspHeaders().Add("Range", "npt=0.000-"), ct);

    /// <summary>
    /// Delivers packets until the camera closes, sends nothing for <paramref name="mediaTimeout"/>, or
    /// <paramref name="ct"/> ends it; keeps the session alive meanwhile.
    /// </summary>
    /// <exception cref="TimeoutException">No packet for <paramref name="mediaTimeout"/>.</exception>
    public async Task ReceiveAsync(IRtpReceiver receiver, TimeSpan mediaTimeout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = new PacketWatch();
        var loops = new List<Task> { KeepAliveAsync(watch, stop.Token), WatchAsync(watch, mediaTimeout, stop.Token), ReadInterleavedAsync(receiver, watch, stop.Token) };
        for (int i = 0; i < udp.Count; i++)
        {
            loops.Add(ReadUdpAsync(udp[i].Rtp, udp[i].ServerRtp!.Address, i, rtcp: false, receiver, watch, stop.Token));
            loops.Add(ReadUdpAsync(udp[i].Rtcp, udp[i].ServerRtp!.Address, i, rtcp: true, receiver, watch, stop.Token));
        }
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception) when (!first.IsFaulted)
        {
            // the first loop's end is the reason; the others only stopped
        }
        await first.ConfigureAwait(false); // its exception, or the camera's close
        if (!ct.IsCancellationRequested) throw new IOException("the camera closed the connection");
    }

    /// <summary>TEARDOWN, waiting briefly: the camera frees its session now instead of at its timeout.</summary>
    public async Task TeardownAsync()
    {
        if (session is null) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(Request("TEARDOWN", url.Url, null), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the camera is gone already
        }
    }

    public async ValueTask DisposeAsync()
    {
        await input.CompleteAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        socket.Dispose();
        foreach (var pair in udp) pair.Dispose();
        writeLock.Dispose();
    }

    // ---- requests ----

    private async Task<RtspResponse> RequestAsync(string method, string uri, RtspHeaders? headers, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            await SendAsync(Request(method, uri, headers), ct).ConfigureAwait(false);
            var response = await ReadResponseAsync(method, ct).ConfigureAwait(false);
            if (response.StatusCode == 401 && attempt == 0)
            {
                if (url.User is null) throw new RtspStatusException(method, 401, $"{method}: the camera asks for credentials and the URL has none");
                if (!AuthSender.TryCreate(response.Headers.All("WWW-Authenticate"), url.User, url.Password ?? "", out auth, out var why))
                    throw new RtspStatusException(method, 401, $"{method}: cannot authenticate: {why}");
                continue;
            }
            if (response.StatusCode == 401)
                throw new RtspStatusException(method, 401, $"{method}: the camera refused the credentials of user '{url.User}' ({response})");
            if (response.StatusCode is < 200 or >= 300) throw new RtspStatusException(method, response.StatusCode, $"{method}: the camera answered {response}");
            if (response.Headers["Session"] is { } value && SessionHeader.TryParse(value, out var header)) session = header;
            return response;
        }
    }

    private RtspRequest Request(string method, string uri, RtspHeaders? extra)
    {
        var headers = new RtspHeaders().Add("CSeq", (++cseq).ToString(CultureInfo.InvariantCulture)).Add("User-Agent", UserAgent);
        if (extra is not null) foreach (var (name, value) in extra.Fields) headers.Add(name, value);
        if (session is not null) headers.Add("Session", session.Id);
        if (auth is not null) headers.Add("Authorization", auth.Authorize(method, uri));
        return new RtspRequest(method, uri, headers);
    }

    private async Task SendAsync(RtspRequest request, CancellationToken ct) => await SendAsync(request.ToBytes(), ct).ConfigureAwait(false);

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task<RtspResponse> ReadResponseAsync(string method, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var reader = new SequenceReader<byte>(result.Buffer);
                RtspResponse? response = null;
                while (RtspMessageReader.InterleavedNext(reader) ? RtspMessageReader.TryReadInterleaved(ref reader, out _) : RtspMessageReader.TryReadResponse(ref reader, out response))
                {
                    if (response is not null) break; // a frame before PLAY's answer is dropped: nothing is set up to take it yet
                }
                received.Add(reader.Consumed);
                input.AdvanceTo(reader.Position, result.Buffer.End);
                if (response is not null) return response;
                if (result.IsCompleted) throw new IOException($"{method}: the camera closed the connection");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{method}: no answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    // ---- playing ----

    private sealed class PacketWatch
    {
        public long LastTicks = Environment.TickCount64;
        public readonly uint[] HighestSequence = new uint[64];
        public readonly uint[] SourceSsrc = new uint[64];
    }

    private async Task ReadInterleavedAsync(IRtpReceiver receiver, PacketWatch watch, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var reader = new SequenceReader<byte>(result.Buffer);
            while (true)
            {
                if (RtspMessageReader.InterleavedNext(reader))
                {
                    if (!RtspMessageReader.TryReadInterleaved(ref reader, out var frame)) break;
                    Deliver(receiver, watch, frame);
                }
                else if (!RtspMessageReader.TryReadResponse(ref reader, out var response))
                {
                    break;
                }
                else if (response!.StatusCode is < 200 or >= 300 && response.StatusCode != 405 && response.StatusCode != 501)
                {
                    throw new RtspStatusException("keep-alive", response.StatusCode, $"keep-alive: the camera answered {response}");
                }
            }
            received.Add(reader.Consumed);
            input.AdvanceTo(reader.Position, result.Buffer.End);
            if (result.IsCompleted) return;
        }
    }

    private void Deliver(IRtpReceiver receiver, PacketWatch watch, InterleavedFrame frame)
    {
        var payload = frame.Payload.IsSingleSegment ? frame.Payload.First : frame.Payload.ToArray();
        for (int i = 0; i < channels.Count; i++)
        {
            if (frame.Channel == channels[i].Rtp)
            {
                Note(watch, i, payload.Span);
                receiver.OnRtp(i, payload);
                return;
            }
            if (frame.Channel == channels[i].Rtcp)
            {
                receiver.OnRtcp(i, payload);
                return;
            }
        }
    }

    private static void Note(PacketWatch watch, int track, ReadOnlySpan<byte> packet)
    {
        Volatile.Write(ref watch.LastTicks, Environment.TickCount64);
        if (packet.Length < RtpPacket.HeaderSize || track >= watch.HighestSequence.Length) return;
        watch.HighestSequence[track] = (uint)((packet[2] << 8) | packet[3]);
        watch.SourceSsrc[track] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
    }

    private async Task ReadUdpAsync(Socket socket, IPAddress server, int track, bool rtcp, IRtpReceiver receiver, PacketWatch watch, CancellationToken ct)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            if (result.RemoteEndPoint is not IPEndPoint from || !from.Address.Equals(server)) continue; // not the camera's
            received.Add(result.ReceivedBytes);
            var packet = buffer.AsMemory(0, result.ReceivedBytes);
            if (rtcp)
            {
                receiver.OnRtcp(track, packet);
            }
            else
            {
                Note(watch, track, packet.Span);
                receiver.OnRtp(track, packet);
            }
        }
    }

    private async Task WatchAsync(PacketWatch watch, TimeSpan mediaTimeout, CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, mediaTimeout.TotalMilliseconds / 2)), ct).ConfigureAwait(false);
            long silent = Environment.TickCount64 - Volatile.Read(ref watch.LastTicks);
            if (silent > mediaTimeout.TotalMilliseconds)
                throw new TimeoutException($"no RTP from the camera for {mediaTimeout.TotalSeconds:0.#} s over {Protocol}");
        }
    }

    private async Task KeepAliveAsync(PacketWatch watch, CancellationToken ct)
    {
        var period = (session?.Timeout ?? SessionHeader.DefaultTimeout) / 2;
        var report = TimeSpan.FromSeconds(5);
        var nextKeepAlive = DateTime.UtcNow + period;
        var buffer = new byte[4 + RtcpReceiverReport.Size];
        while (true)
        {
            await Task.Delay(period < report ? period : report, ct).ConfigureAwait(false);
            int tracks = Math.Max(channels.Count, udp.Count);
            for (int i = 0; i < tracks && i < watch.SourceSsrc.Length; i++)
            {
                if (watch.SourceSsrc[i] == 0) continue;
                RtcpReceiverReport.Write(buffer.AsSpan(4), ssrc, watch.SourceSsrc[i], watch.HighestSequence[i]);
                if (Protocol == RtpProtocol.Tcp)
                {
                    InterleavedFrame.WriteHeader(buffer, (byte)channels[i].Rtcp, RtcpReceiverReport.Size);
                    await SendAsync(buffer, ct).ConfigureAwait(false);
                }
                else
                {
                    await udp[i].Rtcp.SendToAsync(buffer.AsMemory(4), SocketFlags.None, udp[i].ServerRtcp!, ct).ConfigureAwait(false);
                }
            }
            if (DateTime.UtcNow < nextKeepAlive) continue;
            nextKeepAlive = DateTime.UtcNow + period;
            await SendAsync(Request(getParameter ? "GET_PARAMETER" : "OPTIONS", url.Url, null), ct).ConfigureAwait(false);
        }
    }
}

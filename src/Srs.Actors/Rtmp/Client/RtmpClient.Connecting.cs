using System.IO.Pipelines;
using System.Net.Sockets;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Handshake;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Transport;

namespace Srs.Actors.Rtmp.Client;

/// <summary>Connecting: over TCP or an in-memory pipe, the handshake, then <c>connect</c>.</summary>
public sealed partial class RtmpClient
{
    /// <summary>
    /// Connects over TCP, does the handshake (complex, unless disabled; a server that answers with the simple one is
    /// fine), announces the chunk size and window acknowledgement size from <paramref name="options"/>, and sends
    /// <c>connect</c> with the URL's app and tcUrl, returning once the server's <c>_result</c> arrives.
    /// </summary>
    /// <exception cref="RtmpClientException">
    /// The server answered <c>_error</c> (its code and description are in the exception), closed the connection
    /// instead of answering, or did not answer within <see cref="RtmpClientOptions.Timeout"/>.
    /// </exception>
    /// <exception cref="SocketException">The TCP connection failed.</exception>
    /// <exception cref="IOException">The server closed the connection during the handshake.</exception>
    /// <exception cref="RtmpProtocolException">The server broke the protocol (a bad handshake, say).</exception>
    public static async Task<RtmpClient> ConnectAsync(RtmpUrl url, RtmpClientOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= RtmpClientOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ChunkSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.EventQueueCapacity);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RtmpClient? client = null;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(options.Timeout);
                try
                {
                    await socket.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
                    client = new RtmpClient(ClientWire.Over(socket), url, options);
                    await client.HandshakeAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                {
                    string stage = client is null ? "TCP connect" : "handshake";
                    throw new RtmpClientException($"{stage} with {url.Host}:{url.Port} did not finish within {options.Timeout.TotalSeconds:0.#} s", ex);
                }
            }

            client.readLoop = client.RunReadLoopAsync();
            client.readLoopStarted = true;
            await client.SendConnectAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            // Whatever failed, the caller gets no client to dispose, so nothing may stay open.
            if (client is not null)
            {
                await client.AbortAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The same as <see cref="ConnectAsync(RtmpUrl, RtmpClientOptions?, CancellationToken)"/> over an in-memory pipe to a
    /// server in this process (its other end given to the server's connection actor); <paramref name="url"/> names the
    /// app, stream and tcUrl only.
    /// </summary>
    public static async Task<RtmpClient> ConnectAsync(IDuplexPipe pipe, RtmpUrl url, RtmpClientOptions? options = null, CancellationToken ct = default)
    {
        options ??= RtmpClientOptions.Default;
        var client = new RtmpClient(ClientWire.Over(pipe), url, options);
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(options.Timeout);
                await client.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            }

            client.readLoop = client.RunReadLoopAsync();
            client.readLoopStarted = true;
            await client.SendConnectAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Parses <paramref name="url"/> (see <see cref="RtmpUrl.Parse"/>) and connects.</summary>
    public static Task<RtmpClient> ConnectAsync(string url, RtmpClientOptions? options = null, CancellationToken ct = default) =>
        ConnectAsync(RtmpUrl.Parse(url), options, ct);

    private async Task HandshakeAsync(CancellationToken ct)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(this.options.ComplexHandshake);
        await SendRawAsync(c0c1, ct).ConfigureAwait(false);
        byte[] s0s1s2 = await this.input.ReadExactlyAsync(RtmpHandshake.S0S1S2Size, ct).ConfigureAwait(false);
        Volatile.Write(ref bytesReceived, s0s1s2.Length);
        byte[] c2 = RtmpHandshake.CreateClientC2(s0s1s2, c0c1, out bool serverVerified);
        ServerHandshakeVerified = serverVerified;
        await SendRawAsync(c2, ct).ConfigureAwait(false);
    }

    private async Task SendConnectAsync(CancellationToken ct)
    {
        var (connectId, connected) = this.pending.Register();
        // Set before sending: the server's Set Peer Bandwidth can come back before SendManyAsync returns.
        await SendManyAsync(
            [
                (new SetChunkSize(this.options.ChunkSize).ToMessage(), ChunkStreamIds.ProtocolControl),
                (new WindowAckSize(this.options.WindowAckSize).ToMessage(), ChunkStreamIds.ProtocolControl),
                (Command(ClientCommands.Connect(connectId, Url, this.options), 0), ChunkStreamIds.OverConnection),
            ],
            ct).ConfigureAwait(false);
        await AwaitReplyAsync("connect", connectId, connected, ct).ConfigureAwait(false);
    }
}

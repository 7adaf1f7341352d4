using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// An RTMP client for one stream: connect, then publish (write media) or play (read media), then close. Talks to any
/// RTMP server (this one, nginx-rtmp, SRS, ...).
/// </summary>
/// <remarks>
/// <para>
/// One read loop per connection reads the socket from the moment connect starts. It answers what needs no decision
/// (pings, acknowledgements, the server's peer bandwidth), completes the commands waiting for a reply, and queues what
/// the caller reads with <see cref="ReadAsync"/>. Because it always runs, a publisher that never reads still answers
/// the server's pings.
/// </para>
/// <para>
/// Writes from any thread are serialized: each message goes out whole, its chunks never interleaved with another's.
/// The members are safe to call concurrently, but a connection carries one stream: either publish or play, once.
/// </para>
/// </remarks>
public sealed partial class RtmpClient : IAsyncDisposable
{
    private readonly ClientWire wire;
    private readonly PipeReader input;
    private readonly RtmpClientOptions options;
    private readonly PendingCommands pending = new();
    private readonly ControlChannel control;
    private readonly Channel<RtmpClientEvent> events;
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task readLoop = Task.CompletedTask;
    private volatile ClientState state = ClientState.Connected;
    private uint streamId;
    private int closeStarted;
    private int streamStarted;
    private bool readLoopStarted;

    private RtmpClient(ClientWire wire, RtmpUrl url, RtmpClientOptions options)
    {
        this.wire = wire;
        this.control = new ControlChannel(options.WindowAckSize);
        Url = url;
        this.options = options;
        chunkReader = new ChunkReader(options.MaxMessageSize);
        this.input = wire.Input;
        this.events = Channel.CreateBounded<RtmpClientEvent>(new BoundedChannelOptions(options.EventQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Where this client is connected and which stream it publishes or plays.</summary>
    public RtmpUrl Url { get; }

    /// <summary>Whether the server answered the complex handshake with a valid digest (false: it spoke the simple one).</summary>
    public bool ServerHandshakeVerified { get; private set; }

    /// <summary>The message stream id the server gave this client's stream (0 until publish or play).</summary>
    public uint StreamId => Volatile.Read(ref this.streamId);

    /// <summary>Bytes read from the socket and processed so far, handshake included.</summary>
    public long BytesReceived => Volatile.Read(ref bytesReceived);

    /// <summary>Bytes written to the socket so far, handshake included.</summary>
    public long BytesSent => Interlocked.Read(ref bytesSent);

    /// <summary>
    /// Publishes the URL's stream (its name with the param, so tokens reach the server): <c>releaseStream</c> and
    /// <c>FCPublish</c> as FMLE sends them, <c>createStream</c>, then <c>publish(name, "live")</c>, returning once the
    /// server reports <c>NetStream.Publish.Start</c>. Then write with <see cref="WriteMediaAsync"/>.
    /// </summary>
    /// <exception cref="RtmpClientException">
    /// An error status (<c>NetStream.Publish.BadName</c> when the stream is already published, ...: see
    /// <see cref="RtmpClientException.Code"/>), the connection closed, or no answer in time.
    /// </exception>
    /// <exception cref="InvalidOperationException">This client already published or played.</exception>
    public async Task PublishAsync(CancellationToken ct = default)
    {
        BeginStream("publish");
        string name = Url.StreamWithParam;
        var (createId, created) = this.pending.Register();
        await SendManyAsync(
            [
                (Command(ClientCommands.ReleaseStream(this.pending.NextId(), name), 0), ChunkStreamIds.OverConnection),
                (Command(ClientCommands.FcPublish(this.pending.NextId(), name), 0), ChunkStreamIds.OverConnection),
                (Command(ClientCommands.CreateStream(createId), 0), ChunkStreamIds.OverConnection),
            ],
            ct).ConfigureAwait(false);
        uint streamId = ReadStreamId(await AwaitReplyAsync("createStream", createId, created, ct).ConfigureAwait(false));
        Volatile.Write(ref this.streamId, streamId);

        // The spec gives publish and play transaction id 0: their answer is an onStatus, not a _result.
        var started = new StatusWait(StatusCodes.PublishStart);
        await AwaitStatusAsync(
            "publish",
            started,
            (Command(ClientCommands.Publish(0, name), streamId), ChunkStreamIds.OverStream),
            null,
            ct).ConfigureAwait(false);
        this.state = ClientState.Publishing;
    }

    /// <summary>
    /// Plays the URL's stream: <c>createStream</c>, <c>play(name, -2)</c> and Set Buffer Length, returning once the
    /// server reports <c>NetStream.Play.Start</c>. Then read with <see cref="ReadAsync"/>.
    /// </summary>
    /// <exception cref="RtmpClientException">An error status (<c>NetStream.Play.StreamNotFound</c>, ...), the connection closed, or no answer in time.</exception>
    /// <exception cref="InvalidOperationException">This client already published or played.</exception>
    public async Task PlayAsync(CancellationToken ct = default)
    {
        BeginStream("play");
        var (createId, created) = this.pending.Register();
        await SendAsync(Command(ClientCommands.CreateStream(createId), 0), ChunkStreamIds.OverConnection, ct).ConfigureAwait(false);
        uint streamId = ReadStreamId(await AwaitReplyAsync("createStream", createId, created, ct).ConfigureAwait(false));
        Volatile.Write(ref this.streamId, streamId);

        // Playing from here on, so that media the server sends right after play (before or with Play.Start) is kept.
        this.state = ClientState.Playing;
        var started = new StatusWait(StatusCodes.PlayStart);
        uint bufferMs = (uint)Math.Clamp(this.options.BufferLength.TotalMilliseconds, 0, uint.MaxValue);
        await AwaitStatusAsync(
            "play",
            started,
            (Command(ClientCommands.Play(0, Url.StreamWithParam), streamId), ChunkStreamIds.OverStream),
            (new UserControl(UserControlEvent.SetBufferLength, streamId, bufferMs).ToMessage(), ChunkStreamIds.ProtocolControl),
            ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one audio, video or script message on the published stream. <paramref name="flvTagBody"/> is the body of
    /// an FLV tag of that kind, which is exactly what RTMP carries (video: frame type/codec byte, AVC packet type,
    /// composition time, data). The body is copied into the outgoing chunks before this completes.
    /// </summary>
    /// <param name="timestamp">Milliseconds, the DTS for video; wraps at 2^32 like the wire format.</param>
    /// <exception cref="InvalidOperationException">Not publishing.</exception>
    /// <remarks>Cancelling after the message started going out closes the connection: half a message cannot be taken back.</remarks>
    public ValueTask WriteMediaAsync(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> flvTagBody, CancellationToken ct = default)
    {
        uint chunkStream = kind switch
        {
            MediaKind.Video => ChunkStreamIds.Video,
            MediaKind.Audio => ChunkStreamIds.Audio,
            MediaKind.Script => ChunkStreamIds.OverStream2,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only audio, video and script messages can be written"),
        };
        RequirePublishing();
        return SendAsync(new RtmpMessage((byte)kind, StreamId, timestamp, flvTagBody), chunkStream, ct);
    }

    /// <summary>
    /// Sends stream metadata as <c>@setDataFrame("onMetaData", metadata)</c>, which servers store and hand to every
    /// player as <c>onMetaData</c>. Players expect an ECMA array (<see cref="AmfEcmaArray"/>), as encoders send it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not publishing.</exception>
    public ValueTask WriteMetadataAsync(AmfObject metadata, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        RequirePublishing();
        byte[] body = new DataMessage(DataMessage.SetDataFrame, [DataMessage.OnMetaData, metadata]).Encode();
        return SendAsync(new RtmpMessage(MessageType.Amf0Data, StreamId, 0, body), ChunkStreamIds.OverStream2, ct);
    }

    /// <summary>
    /// The next thing the server sent: while playing, audio/video/script messages (<see cref="MediaEvent"/>, aggregates
    /// already split) and every <c>onStatus</c> (<see cref="StatusEvent"/>: <c>NetStream.Play.Start</c>,
    /// <c>NetStream.Play.UnpublishNotify</c>, <c>NetStream.Play.PublishNotify</c>, ...); when publishing, only the
    /// statuses, and those only as long as there is room in the queue. Control messages never show up here.
    /// </summary>
    /// <returns>The event, or null once the server closed the connection (or it was closed) and everything queued was read.</returns>
    /// <exception cref="RtmpProtocolException">The server broke the protocol; the connection is closed.</exception>
    /// <remarks>Not reading while playing pauses reading from the socket (after <see cref="RtmpClientOptions.EventQueueCapacity"/> events), which pushes back on the server.</remarks>
    public ValueTask<RtmpClientEvent?> ReadAsync(CancellationToken ct = default)
    {
        // The common case while playing: something is queued, so no async machinery at all.
        return this.events.Reader.TryRead(out var next) ? new ValueTask<RtmpClientEvent?>(next) : ReadSlowAsync(ct);
    }

    /// <summary>
    /// Ends the session politely: <c>FCUnpublish</c> and <c>deleteStream</c> when publishing (so the server tells its
    /// players at once), <c>deleteStream</c> when playing; then closes the sending side and gives the server
    /// <see cref="RtmpClientOptions.CloseTimeout"/> to close its side before closing the socket. Calling it again, or
    /// after the server closed, is harmless. Events not yet read are dropped.
    /// </summary>
    public async Task CloseAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref closeStarted, 1) != 0)
        {
            await this.closed.Task.WaitAsync(ct).ConfigureAwait(false);
            return;
        }

        try
        {
            await SayGoodbyeAsync(ct).ConfigureAwait(false);
            StopDelivering();
            try
            {
                // FIN after the goodbye commands, then let the server finish: closing at once with unread input
                // would send a reset, which may make the server drop what we sent last.
                this.wire.ShutdownSend();
                await readLoop.WaitAsync(this.options.CloseTimeout, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
            {
                // Already gone, or the server keeps it open: the socket is closed below either way.
            }
        }
        finally
        {
            await AbortAsync().ConfigureAwait(false);
            // The loop is over and delivers nothing more; what it queued before is dropped, as documented.
            while (this.events.Reader.TryRead(out _))
            {
            }

            this.closed.TrySetResult();
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async ValueTask<RtmpClientEvent?> ReadSlowAsync(CancellationToken ct)
    {
        var reader = this.events.Reader;
        // WaitToReadAsync rethrows the exception the read loop completed the queue with.
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            if (reader.TryRead(out var next))
            {
                return next;
            }
        }

        return null;
    }

    private async Task SayGoodbyeAsync(CancellationToken ct)
    {
        var state = this.state;
        this.state = ClientState.Closed;
        uint streamId = StreamId;
        if (streamId == 0 || readLoop.IsCompleted)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(this.options.CloseTimeout);
        var deleteStream = Command(ClientCommands.DeleteStream(this.pending.NextId(), streamId), 0);
        try
        {
            if (state == ClientState.Publishing)
            {
                var unpublish = Command(ClientCommands.FcUnpublish(this.pending.NextId(), Url.StreamWithParam), 0);
                await SendManyAsync([(unpublish, ChunkStreamIds.OverConnection), (deleteStream, ChunkStreamIds.OverConnection)], timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(deleteStream, ChunkStreamIds.OverConnection, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The connection is already gone or stuck; closing goes on regardless.
        }
    }

    private async Task<CommandMessage> AwaitReplyAsync(string command, double transactionId, Task<CommandMessage> reply, CancellationToken ct)
    {
        CommandMessage message;
        try
        {
            message = await reply.WaitAsync(this.options.Timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            this.pending.Forget(transactionId);
            throw new RtmpClientException($"the server did not answer {command} within {this.options.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (OperationCanceledException)
        {
            this.pending.Forget(transactionId);
            throw;
        }

        if (message.Name == ClientCommands.Error)
        {
            var status = StatusEvent.From(message);
            string text = status.Description.Length > 0 ? status.Description : status.Code.Length > 0 ? status.Code : "(no description)";
            throw new RtmpClientException(status.Code.Length > 0 ? status.Code : null, $"the server refused {command}: {text}");
        }

        return message;
    }

    /// <summary>Sends the command (and an optional companion message in the same write) and waits for its status.</summary>
    private async Task AwaitStatusAsync(
        string command,
        StatusWait wait,
        (RtmpMessage Message, uint ChunkStreamId) request,
        (RtmpMessage Message, uint ChunkStreamId)? companion,
        CancellationToken ct)
    {
        // Installed before sending: the answer can arrive before the send call returns.
        statusWait = wait;
        try
        {
            if (companion is { } second)
            {
                await SendManyAsync([request, second], ct).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(request.Message, request.ChunkStreamId, ct).ConfigureAwait(false);
            }

            await wait.Task.WaitAsync(this.options.Timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new RtmpClientException($"the server did not answer {command} within {this.options.Timeout.TotalSeconds:0.#} s", ex);
        }
        finally
        {
            statusWait = null;
        }
    }

    private void BeginStream(string command)
    {
        if (this.state != ClientState.Connected || StreamId != 0 || Interlocked.CompareExchange(ref streamStarted, 1, 0) != 0)
        {
            throw new InvalidOperationException($"cannot {command}: this connection already published or played (one stream per connection) or is closed.");
        }
    }

    private void RequirePublishing()
    {
        if (this.state != ClientState.Publishing)
        {
            throw new InvalidOperationException($"media can only be written after PublishAsync succeeded (the client is {this.state}).");
        }
    }

    private static uint ReadStreamId(CommandMessage result)
    {
        var arguments = result.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (AmfNumber.TryToDouble(arguments[i], out double id) && id >= 1 && id <= uint.MaxValue)
            {
                return (uint)id;
            }
        }

        throw new RtmpProtocolException("the server's createStream _result carries no stream id");
    }

    private static RtmpMessage Command(CommandMessage command, uint streamId) =>
        new(MessageType.Amf0Command, streamId, 0, command.Encode());
}

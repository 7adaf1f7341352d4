using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Handshake;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Transport;

namespace Srs.Actors.Tests.Rtmp.Client;

/// <summary>
/// A scripted RTMP server on loopback for one client connection: it does the handshake, answers connect,
/// createStream, publish and play the way FMS-style servers do (or refuses, as configured), and records every message
/// the client sends so tests can look at the wire. Messages it sends use 128-byte chunks, the hardest case for a reader.
/// </summary>
internal sealed class FakeRtmpServer : IAsyncDisposable
{
    public const uint StreamId = 1;

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Channel<RtmpMessage> received = Channel.CreateUnbounded<RtmpMessage>();
    private readonly TaskCompletionSource playing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly CancellationTokenSource stop = new();
    private Socket? socket;
    private Task session = Task.CompletedTask;

    /// <summary>When set, connect is answered with an _error carrying this code.</summary>
    public string? RejectConnectWith { get; init; }

    /// <summary>When set, publish is answered with an error-level onStatus carrying this code.</summary>
    public string? RejectPublishWith { get; init; }

    /// <summary>When set, connect is answered with nothing at all.</summary>
    public bool IgnoreConnect { get; init; }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Every message the client sent after the handshake, in order.</summary>
    public ChannelReader<RtmpMessage> Received => received.Reader;

    /// <summary>Completes once the client asked to play and was told Play.Start.</summary>
    public Task Playing => playing.Task;

    public static FakeRtmpServer Start(Func<FakeRtmpServer>? make = null)
    {
        var server = make?.Invoke() ?? new FakeRtmpServer();
        server.listener.Start();
        server.session = server.ServeOneAsync();
        return server;
    }

    public RtmpUrl Url(string stream = "cam") => RtmpUrl.Parse($"rtmp://127.0.0.1:{Port}/live/{stream}");

    /// <summary>Sends a message to the client, cut into 128-byte chunks.</summary>
    public async Task SendAsync(RtmpMessage message, uint chunkStreamId = ChunkStreamIds.OverStream)
    {
        byte[] bytes = ChunkWriter.Encode(message, chunkStreamId, ChunkReader.DefaultChunkSize);
        await writeLock.WaitAsync();
        try
        {
            await this.socket!.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Bytes straight onto the socket, for broken input.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await writeLock.WaitAsync();
        try
        {
            await this.socket!.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            writeLock.Release();
        }
    }

    public Task SendCommandAsync(CommandMessage command, uint streamId = 0) =>
        SendAsync(new RtmpMessage(MessageType.Amf0Command, streamId, 0, command.Encode()), streamId == 0 ? ChunkStreamIds.OverConnection : ChunkStreamIds.OverStream);

    /// <summary>The next message the client sent that is not protocol control, or fails after a few seconds.</summary>
    public async Task<RtmpMessage> NextAsync(Func<RtmpMessage, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var message = await received.Reader.ReadAsync(timeout.Token);
            if (match?.Invoke(message) ?? true)
            {
                return message;
            }
        }
    }

    /// <summary>Closes the client's connection from the server side.</summary>
    public void Hangup()
    {
        try
        {
            this.socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        this.socket?.Dispose();
        try
        {
            await session;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task ServeOneAsync()
    {
        this.socket = await listener.AcceptSocketAsync(stop.Token);
        using var stream = new NetworkStream(this.socket, ownsSocket: false);
        var input = PipeReader.Create(stream);
        byte[] c0c1 = await input.ReadExactlyAsync(RtmpHandshake.C0C1Size, stop.Token);
        await this.socket.SendAsync(RtmpHandshake.CreateServerResponse(c0c1, out _), SocketFlags.None);
        await input.ReadExactlyAsync(RtmpHandshake.C2Size, stop.Token);

        var chunks = new ChunkReader();
        var messages = new List<RtmpMessage>();
        while (true)
        {
            var result = await input.ReadAsync(stop.Token);
            var buffer = result.Buffer;
            input.AdvanceTo(Parse(chunks, buffer, messages), buffer.End);
            foreach (var message in messages)
            {
                received.Writer.TryWrite(message);
                if (message.TypeId == MessageType.Amf0Command)
                {
                    await AnswerAsync(CommandMessage.Read(message.TypeId, message.Payload.Span));
                }
            }

            messages.Clear();
            if (result.IsCompleted)
            {
                // The client sent FIN: close our side too, as real servers do, so its close need not wait.
                received.Writer.TryComplete();
                Hangup();
                return;
            }
        }
    }

    private static SequencePosition Parse(ChunkReader chunks, ReadOnlySequence<byte> buffer, List<RtmpMessage> into)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (chunks.TryReadMessage(ref reader, out var message))
        {
            into.Add(message!);
        }

        return reader.Position;
    }

    private async Task AnswerAsync(CommandMessage command)
    {
        switch (command.Name)
        {
            case "connect" when IgnoreConnect:
                return;
            case "connect" when RejectConnectWith is not null:
                await SendCommandAsync(StatusObjects.Error(command.TransactionId, RejectConnectWith, "go away"));
                return;
            case "connect":
                // What FMS sends before the _result: window, peer bandwidth, its chunk size (left at 128 here).
                await SendAsync(new WindowAckSize(5000).ToMessage(), ChunkStreamIds.ProtocolControl);
                await SendAsync(new SetPeerBandwidth(5000, SetPeerBandwidth.Dynamic).ToMessage(), ChunkStreamIds.ProtocolControl);
                await SendCommandAsync(StatusObjects.ConnectResult(command.TransactionId, 0, null));
                return;
            case "releaseStream":
                // FMS answers a release of a name nobody holds with an error; clients must not mind.
                await SendCommandAsync(StatusObjects.Error(command.TransactionId, "NetConnection.Call.Failed", "nothing to release"));
                return;
            case "createStream":
                await SendCommandAsync(StatusObjects.CallResult(command.TransactionId, null, (double)StreamId));
                return;
            case "publish" when RejectPublishWith is not null:
                await SendCommandAsync(StatusObjects.OnStatus(StatusLevels.Error, RejectPublishWith, "stream is busy"), StreamId);
                return;
            case "publish":
                await SendCommandAsync(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PublishStart, "started"), StreamId);
                return;
            case "play":
                await SendAsync(new UserControl(UserControlEvent.StreamBegin, StreamId).ToMessage(), ChunkStreamIds.ProtocolControl);
                await SendCommandAsync(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayReset, "reset"), StreamId);
                await SendCommandAsync(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayStart, "started"), StreamId);
                playing.TrySetResult();
                return;
        }
    }
}

using System.IO.Pipelines;
using System.Net;

namespace Srs.Actors.Transport;

/// <summary>
/// A connection over an in-memory <see cref="IDuplexPipe"/> (TurboMqtt's in-memory transport, Kestrel's
/// <c>DuplexPipe.CreateConnectionPair</c>): the same protocol code and actors as over a socket, with no socket, so
/// TestKit tests drive whole connections in milliseconds. <see cref="CreatePair"/> gives both ends.
/// </summary>
public sealed class PipeTransport(IDuplexPipe pipe, IPEndPoint remote, EndPoint? local = null) : IConnectionTransport
{
    private int disposed;

    public PipeReader Input => pipe.Input;
    public IPEndPoint? RemoteEndPoint => remote;
    public EndPoint? LocalEndPoint => local;
    public TrafficCounter Sent { get; } = new();
    public TrafficCounter Received { get; } = new();

    /// <summary>Two connected ends: what one writes, the other reads.</summary>
    public static (IDuplexPipe Server, IDuplexPipe Client) CreatePair()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        return (new Duplex(toServer.Reader, toClient.Writer), new Duplex(toClient.Reader, toServer.Writer));
    }

    public Task RunWriterAsync<TItem>(IOutboundSource<TItem> source, IOutboundEncoder<TItem> encoder, CancellationToken ct) =>
        PipeWriterTransport.RunWriterAsync(source, encoder, pipe.Output, Sent.Add, ct);

    public void LimitSendBuffer(int bytes) { }

    /// <summary>Ends both directions: the peer reads the end, and this side's reader and writer stop.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        pipe.Output.Complete();
        pipe.Input.Complete();
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}

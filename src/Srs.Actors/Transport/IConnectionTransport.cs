using System.IO.Pipelines;
using System.Net;

namespace Srs.Actors.Transport;

/// <summary>
/// A client connection as its protocol sees it, as Kestrel's <c>ConnectionContext</c> is: bytes in through a
/// <see cref="PipeReader"/>, a writer that drains a queue, the peer's address and byte counters. A real socket
/// (<see cref="SocketTransport"/>) or an in-memory pipe (<see cref="PipeTransport"/>, for tests) behind it.
/// </summary>
public interface IConnectionTransport : IDisposable
{
    PipeReader Input { get; }

    IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The local side, for what the protocol reports (a raw ingest port's <c>tcp://HOST:PORT</c>).</summary>
    EndPoint? LocalEndPoint { get; }

    /// <summary>Bytes sent, counted by the writer.</summary>
    TrafficCounter Sent { get; }

    /// <summary>Bytes received, counted by the protocol's read loop (it knows what it consumed).</summary>
    TrafficCounter Received { get; }

    /// <summary>The peer's address as the API and the hooks show it (IPv4-mapped addresses as IPv4).</summary>
    string RemoteIp => RemoteEndPoint?.Address.IsIPv4MappedToIPv6 == true
        ? RemoteEndPoint.Address.MapToIPv4().ToString()
        : RemoteEndPoint?.Address.ToString() ?? "";

    /// <summary>Sends until the queue completes or the connection fails; completes normally once the queue is drained and completed.</summary>
    Task RunWriterAsync<TItem>(IOutboundSource<TItem> source, IOutboundEncoder<TItem> encoder, CancellationToken ct);

    /// <summary>Bounds what a player that stops reading pins in the kernel; a no-op where there is no kernel buffer.</summary>
    void LimitSendBuffer(int bytes);
}

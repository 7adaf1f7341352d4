using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Srs.Actors.Limits;

namespace Srs.Http;

/// <summary>
/// The HTTP limits srs-node and srs-gateway share (docs/security.md); compiled into both programs, which own Kestrel.
/// </summary>
internal static class KestrelLimits
{
    /// <summary>Bounds on one request: headers, request line, header count, body, and the time to send the headers.</summary>
    public static void Apply(KestrelServerOptions kestrel, int maxHeaderBytes, int maxUrlBytes)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestHeadersTotalSize = maxHeaderBytes;
        kestrel.Limits.MaxRequestLineSize = maxUrlBytes;
        kestrel.Limits.MaxRequestHeaderCount = 64;
        kestrel.Limits.MaxRequestBodySize = 64 * 1024; // the APIs take no bodies; nothing accepts uploads
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>
    /// Connection middleware: a connection the gate refuses is closed before any byte of HTTP is read. Kestrel's own
    /// MaxConcurrentConnections would log a warning per refused connection; the gate logs one line per window.
    /// </summary>
    public static void UseAcceptGate(this ListenOptions listen, SharedAcceptGate gate) => listen.Use(next => async connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is null || !gate.TryAdmit(address))
        {
            connection.Abort();
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            gate.Release(address);
        }
    });
}

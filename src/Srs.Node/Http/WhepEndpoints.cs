using System.Net;
using System.Text;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.WebRtc.Sdp;
using Srs.Actors.Whep;

namespace Srs.Node.Http;

/// <summary>
/// WHEP (RFC 9725): <c>POST /APP/STREAM/whep</c> with an SDP offer answers 201, the SDP answer and the resource's
/// <c>Location</c>; <c>DELETE</c> on it ends the session; <c>OPTIONS</c> answers browsers' CORS preflights; PATCH
/// (trickle ICE) is 405, as the answer carries the candidates and the node is ICE-lite.
/// </summary>
public static class WhepEndpoints
{
    private const string Methods = "OPTIONS, POST, DELETE";

    public static void UseWhepEndpoints(this IApplicationBuilder app, Lazy<WhepServices> services)
    {
        app.Use(async (ctx, next) =>
        {
            var segments = (ctx.Request.Path.Value ?? "").Trim('/').Split('/');
            bool collection = segments.Length == 3 && segments[2] == "whep", resource = segments.Length == 4 && segments[2] == "whep";
            if (!collection && !resource || segments.Any(s => s.Length == 0 || s is "." or ".."))
            {
                await next(ctx);
                return;
            }
            var node = ctx.RequestServices.GetRequiredService<NodeServices>();
            var whep = services.Value;
            ctx.Response.Headers.AccessControlAllowOrigin = "*";
            var method = ctx.Request.Method;
            if (HttpMethods.IsOptions(method))
            {
                ctx.Response.Headers.AccessControlAllowMethods = Methods;
                ctx.Response.Headers.AccessControlAllowHeaders = "Content-Type, Authorization, If-Match";
                ctx.Response.Headers.AccessControlExposeHeaders = "Location, Link";
                ctx.Response.Headers.Allow = Methods;
                ctx.Response.Headers["Accept-Post"] = "application/sdp";
                ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            }
            else if (collection && HttpMethods.IsPost(method))
            {
                await OfferAsync(ctx, segments[0], segments[1], node, whep);
            }
            else if (resource && HttpMethods.IsDelete(method))
            {
                ctx.Response.StatusCode = WhepPlayback.Delete(whep, segments[3]) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
            }
            else
            {
                ctx.Response.Headers.Allow = collection ? "OPTIONS, POST" : "OPTIONS, DELETE";
                ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
        });
    }

    private static async Task OfferAsync(HttpContext ctx, string app, string name, NodeServices node, WhepServices whep)
    {
        if (ctx.Request.ContentType?.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase) != true)
        {
            await RefuseAsync(ctx, StatusCodes.Status415UnsupportedMediaType, "a WHEP offer is Content-Type: application/sdp");
            return;
        }
        var key = new StreamKey(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, app, name);
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        if (!node.State.Streams.TryGet(key, out var stream) || !stream.Publishing)
        {
            await RefuseAsync(ctx, StatusCodes.Status404NotFound, $"stream {app}/{name} not found");
            return;
        }
        var sdp = await ReadOfferAsync(ctx);
        if (sdp is null)
        {
            await RefuseAsync(ctx, StatusCodes.Status413PayloadTooLarge, $"an offer is at most {WhepOffer.MaxBytes} bytes");
            return;
        }
        var address = ctx.Connection.RemoteIpAddress;
        var ip = (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString() ?? "";
        var request = new AccessRequest(SessionRole.Player, ClientTypes.RtcPlay, key, ctx.Request.QueryString.Value ?? "", ip, ClientIds.Next(),
            $"http://{ctx.Request.Host}/{app}");
        var outcome = await WhepPlayback.OfferAsync(node.System, node.Streams, node.State.SessionServices, whep, request, stream, sdp,
            [new RtcCandidate(CandidateHost(ctx, whep), whep.Port.LocalPort)], ctx.RequestAborted);
        if (outcome.Status != StatusCodes.Status201Created)
        {
            await RefuseAsync(ctx, outcome.Status, outcome.Reason ?? "refused");
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status201Created;
        ctx.Response.ContentType = "application/sdp";
        ctx.Response.Headers.Location = $"/{app}/{name}/whep/{outcome.SessionId}";
        ctx.Response.Headers.AccessControlExposeHeaders = "Location";
        await ctx.Response.WriteAsync(outcome.Answer!);
    }

    /// <summary>
    /// The offer as text; null when it is larger than an offer can be. The body is read rather than refused unread, so
    /// that the client reads the 413 and not a reset connection; Kestrel's own body limit (64 KB) stops it past that.
    /// </summary>
    private static async Task<string?> ReadOfferAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        try
        {
            while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
            {
                if (buffer.Length + n > WhepOffer.MaxBytes) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary><c>srs.webrtc.public-host</c>, else the address the browser reached this HTTP server at: the one it can reach the UDP port at too.</summary>
    private static string CandidateHost(HttpContext ctx, WhepServices whep)
    {
        if (whep.PublicHost is { } host) return host;
        var local = ctx.Connection.LocalIpAddress ?? IPAddress.Loopback;
        return (local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local).ToString();
    }

    private static async Task RefuseAsync(HttpContext ctx, int status, string reason)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain";
        await ctx.Response.WriteAsync(reason + "\n");
    }
}

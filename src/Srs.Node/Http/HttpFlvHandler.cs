using Microsoft.AspNetCore.Connections.Features;
using Srs.Actors.Connections;
using Srs.Actors.Http;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Node.Http;

/// <summary><c>GET /app/stream.flv</c>: the request in HTTP's terms; the playback and its session live in the library (<see cref="HttpFlvPlayback"/>).</summary>
public static class HttpFlvHandler
{
    public static async Task HandleAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        var key = new StreamKey(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, media.App, media.Name);
        var state = node.State;
        // The door check, sampled in the log, so a flood of refused requests costs no actor; the session checks again.
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        // An on-demand pull's stream is not published until a player asks: this player does, and waits for its frames.
        if ((!state.Streams.TryGet(key, out var stream) || !stream.Publishing) && !state.Streams.IsOnDemand(key))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync($"stream {media.App}/{media.Name} not found\n");
            return;
        }
        var address = ctx.Connection.RemoteIpAddress;
        var ip = (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString() ?? "";
        var request = new AccessRequest(SessionRole.Player, ClientTypes.FlvPlay, key, ctx.Request.QueryString.Value ?? "", ip, ClientIds.Next(),
            $"http://{ctx.Request.Host}/{media.App}");
        var refused = await HttpFlvPlayback.PlayAsync(node.System, node.Streams, state.SessionServices, request, node.Settings.Source.Queue, node.Settings.Rtmp.MergeWrite,
            HttpFlvPlayback.TracksOf(stream), ctx.Response.BodyWriter, () =>
            {
                ctx.Response.ContentType = "video/x-flv";
                ctx.Response.Headers.CacheControl = "no-cache";
                ctx.Response.Headers.AccessControlAllowOrigin = "*";
                // Kestrel passes its connection features through: the player's own socket gets the same kernel send buffer
                // bound as an RTMP player's (one response per connection here: this one streams until the player leaves).
                if (ctx.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                    SocketTransport.LimitSendBuffer(socket, node.Settings.Rtmp.SendBufferBytes);
            }, ctx.RequestAborted);
        if (refused is null || ctx.RequestAborted.IsCancellationRequested) return;
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        await ctx.Response.WriteAsync($"play refused: {refused}\n");
    }
}

using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Srs.Actors.Connections;
using Srs.Actors.Hooks;
using Srs.Actors.Stats;
using Srs.Actors.Http;
using Srs.Actors.Media;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Node.Http;

/// <summary><c>GET /app/stream.flv</c>: FLV header, then what the stream's consumer queue yields, for as long as the client reads.</summary>
public static class HttpFlvHandler
{
    public static async Task HandleAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        var key = new StreamKey(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, media.App, media.Name);
        var state = node.State;
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        if (!state.Streams.IsPublished(key))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync($"stream {media.App}/{media.Name} not found\n");
            return;
        }
        var cid = ClientIds.Next();
        var address = ctx.Connection.RemoteIpAddress;
        var ip = (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString() ?? "";
        var tcUrl = $"http://{ctx.Request.Host}/{media.App}";
        var param = ctx.Request.QueryString.Value ?? "";
        var client = new ClientInfo(cid, ip, tcUrl, param);
        var verdict = await state.Hooks.AuthorizeAsync(state.Settings.Hooks.OnPlay, new HookEvent("on_play", cid, ip, key, tcUrl, param));
        if (!verdict.Allowed)
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            await ctx.Response.WriteAsync($"play refused: {verdict.Reason}\n");
            return;
        }
        var queue = new OutboundQueue(node.Settings.Source.Queue);
        ctx.Response.ContentType = "video/x-flv";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        // Kestrel passes its connection features through: the player's own socket gets the same kernel send buffer
        // bound as an RTMP player's (one response per connection here: this one streams until the player leaves).
        if (ctx.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            SocketTransport.LimitSendBuffer(socket, node.Settings.Rtmp.SendBufferBytes);
        await ctx.Response.Body.WriteAsync(FlvWriter.FileHeader(hasAudio: true, hasVideo: true), ctx.RequestAborted);

        var player = node.System.ActorOf(HttpFlvPlayer.Props(node.Streams, key, client, queue), cid);
        var send = new TrafficCounter();
        state.Clients.Set(new ClientEntry(cid, ClientTypes.FlvPlay, ip, key, tcUrl, param, false, DateTime.UtcNow, player, new TrafficCounter(), send));
        try
        {
            await PipeWriterTransport.RunWriterAsync(queue, FlvEncoder.Instance, ctx.Response.BodyWriter, send.Add, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        catch (IOException)
        {
        }
        finally
        {
            node.System.Stop(player);
            state.Clients.Remove(cid);
            state.Hooks.Notify(state.Settings.Hooks.OnStop, new HookEvent("on_stop", cid, ip, key, tcUrl, param), null);
        }
    }
}

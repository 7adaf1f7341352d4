using Microsoft.AspNetCore.Http;
using Srs.Actors.Connections;
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
        if (!node.Registry.IsPublished(key))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync($"stream {media.App}/{media.Name} not found\n");
            return;
        }
        var cid = ClientIds.Next();
        var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "";
        var client = new ClientInfo(cid, ip, $"http://{ctx.Request.Host}/{media.App}", ctx.Request.QueryString.Value ?? "");
        var queue = new OutboundQueue(node.Settings.Source.Queue);
        ctx.Response.ContentType = "video/x-flv";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        await ctx.Response.Body.WriteAsync(FlvWriter.FileHeader(hasAudio: true, hasVideo: true), ctx.RequestAborted);

        var player = node.System.ActorOf(HttpFlvPlayer.Props(node.Streams, key, client, queue), cid);
        try
        {
            await PipeWriterTransport.RunWriterAsync(queue, FlvEncoder.Instance, ctx.Response.BodyWriter, null, ctx.RequestAborted);
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
        }
    }
}

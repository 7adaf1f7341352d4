using Microsoft.AspNetCore.Http;
using Srs.Actors.Http;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>
/// <c>GET /app/stream.m3u8</c> and <c>/app/stream-N.ts</c>, answered from the segmenter's latest immutable
/// snapshot: no actor is asked, no file system path is built from the URL.
/// </summary>
public static class HlsHandler
{
    public static async Task HandlePlaylistAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        var key = KeyOf(ctx, media.App, media.Name);
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        if (!node.State.Hls.TryGet(key, out var snapshot))
        {
            await NotFoundAsync(ctx, media);
            return;
        }
        ctx.Response.ContentType = "application/vnd.apple.mpegurl";
        ctx.Response.Headers.CacheControl = "no-cache"; // a live playlist changes every segment
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        await ctx.Response.WriteAsync(snapshot.Playlist);
    }

    public static async Task HandleSegmentAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        // stream-12 → stream "stream", file "stream-12.ts"
        int dash = media.Name.LastIndexOf('-');
        if (dash <= 0 || !long.TryParse(media.Name.AsSpan(dash + 1), out _)
            || !node.State.Hls.TryGet(KeyOf(ctx, media.App, media.Name[..dash]), out var snapshot)
            || !snapshot.Segments.TryGetValue(media.Name + ".ts", out var segment))
        {
            await NotFoundAsync(ctx, media);
            return;
        }
        ctx.Response.ContentType = "video/mp2t";
        ctx.Response.Headers.CacheControl = "public, max-age=3600"; // a segment never changes once published
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        ctx.Response.ContentLength = segment.Data.Length;
        if (HttpMethods.IsHead(ctx.Request.Method)) return;
        await ctx.Response.Body.WriteAsync(segment.Data, ctx.RequestAborted);
    }

    private static StreamKey KeyOf(HttpContext ctx, string app, string stream) =>
        new(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, app, stream);

    private static Task NotFoundAsync(HttpContext ctx, MediaPath media)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        return ctx.Response.WriteAsync($"{media.App}/{media.Name}.{media.Extension} not found\n");
    }
}

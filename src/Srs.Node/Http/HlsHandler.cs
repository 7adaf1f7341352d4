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
        // The segments are fetched with this request's query (token, vhost): players do not repeat it themselves.
        await ctx.Response.WriteAsync(SegmentQuery.Append(snapshot.Playlist, ctx.Request.QueryString.Value ?? ""));
    }

    public static async Task HandleSegmentAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        // stream-12 → stream "stream", file "stream-12.ts"
        int dash = media.Name.LastIndexOf('-');
        if (dash <= 0 || !long.TryParse(media.Name.AsSpan(dash + 1), out _))
        {
            await NotFoundAsync(ctx, media);
            return;
        }
        var key = KeyOf(ctx, media.App, media.Name[..dash]);
        // A segment needs the token its playlist needed: segment names are predictable (stream-N.ts).
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        if (!node.State.Hls.TryGet(key, out var snapshot)
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

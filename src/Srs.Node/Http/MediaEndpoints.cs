using Srs.Actors.Http;

namespace Srs.Node.Http;

/// <summary>Routes media URLs (DESIGN.md §2) to their handlers; any other path falls through.</summary>
public static class MediaEndpoints
{
    public static void UseMediaEndpoints(this IApplicationBuilder app)
    {
        app.Use(async (ctx, next) =>
        {
            if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method)
                || !MediaPath.TryParse(ctx.Request.Path.Value, out var media))
            {
                await next(ctx);
                return;
            }
            var node = ctx.RequestServices.GetRequiredService<NodeServices>();
            switch (media.Extension)
            {
                case "flv" when node.Settings.HttpFlv:
                    await HttpFlvHandler.HandleAsync(ctx, media, node);
                    break;
                case "m3u8":
                    await HlsHandler.HandlePlaylistAsync(ctx, media, node);
                    break;
                case "ts" or "m4s" or "mp4":
                    await HlsHandler.HandleSegmentAsync(ctx, media, node);
                    break;
                default:
                    await next(ctx);
                    break;
            }
        });
    }
}

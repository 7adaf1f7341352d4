using System.Globalization;
using Srs.Actors.Dvr;
using Srs.Actors.Http;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>
/// Recordings (DESIGN.md §2, docs/dvr.md): <c>GET /api/v1/dvr/APP/STREAM</c> lists them, <c>/dvr/APP/STREAM/FILE.mp4</c>
/// serves one with ranges, <c>/dvr/APP/STREAM.mp4?start=ISO8601&amp;duration=60s</c> a time range as one fMP4. Play
/// tokens and address lists apply to all three; a path is only ever built from names <see cref="DvrFileName"/> accepts.
/// </summary>
public static class DvrEndpoints
{
    public static void MapDvrApi(RouteGroupBuilder api) =>
        api.MapGet("/dvr/{app}/{stream}", async (HttpContext ctx, NodeServices node, string app, string stream) =>
        {
            var dvr = node.Settings.Dvr;
            if (dvr.Directory.Length == 0 || DvrFileName.StreamFolder(dvr.Directory, app, stream) is null)
            {
                await ApiJson.WriteAsync(ctx, node, ApiJson.ErrorStreamNotFound, null, 404);
                return;
            }

            if (!await PlayAccess.CheckAsync(ctx, new StreamKey(StreamKey.DefaultVhost, app, stream), node)) return;
            var query = ctx.Request.QueryString.Value ?? "";
            var recordings = DvrCatalog.List(dvr.Directory, app, stream);
            await ApiJson.WriteAsync(ctx, node, 0, w =>
            {
                w.WriteStartArray("recordings");
                foreach (var r in recordings)
                {
                    w.WriteStartObject();
                    w.WriteString("file", r.Name);
                    w.WriteString("url", SegmentQuery.Append($"/dvr/{app}/{stream}/{r.Name}", query).TrimEnd('\n'));
                    w.WriteNumber("start_ms", (long)(r.StartUtc - DateTime.UnixEpoch).TotalMilliseconds);
                    w.WriteNumber("duration_ms", r.DurationMs);
                    w.WriteNumber("bytes", r.Bytes);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        });

    /// <summary>Answers <c>/dvr/...</c> before the media routes (a recording's <c>-1.mp4</c> would look like an HLS init segment).</summary>
    public static void UseDvrEndpoints(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var path = ctx.Request.Path.Value ?? "";
            var node = ctx.RequestServices.GetRequiredService<NodeServices>();
            var root = node.Settings.Dvr.Directory;
            if (!path.StartsWith("/dvr/", StringComparison.Ordinal) || root.Length == 0
                || !(HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
            {
                await next(ctx);
                return;
            }

            var parts = path["/dvr/".Length..].Split('/');
            if (parts.Length == 3 && DvrFileName.TryParse(parts[2], out _) && DvrFileName.StreamFolder(root, parts[0], parts[1]) is { } folder)
            {
                if (!await PlayAccess.CheckAsync(ctx, new StreamKey(StreamKey.DefaultVhost, parts[0], parts[1]), node)) return;
                var file = Path.Combine(folder, parts[2]);
                if (!File.Exists(file))
                {
                    ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                ctx.Response.Headers.AccessControlAllowOrigin = "*";
                await Results.File(file, "video/mp4", enableRangeProcessing: true).ExecuteAsync(ctx);
                return;
            }

            if (parts.Length == 2 && parts[1].EndsWith(".mp4", StringComparison.Ordinal) && DvrFileName.StreamFolder(root, parts[0], parts[1][..^4]) is not null)
            {
                await ExportAsync(ctx, node, parts[0], parts[1][..^4]);
                return;
            }

            await next(ctx); // an app named dvr still plays live
        });

    private static async Task ExportAsync(HttpContext ctx, NodeServices node, string app, string stream)
    {
        if (!await PlayAccess.CheckAsync(ctx, new StreamKey(StreamKey.DefaultVhost, app, stream), node)) return;
        if (!DateTime.TryParse(ctx.Request.Query["start"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            || !TryDuration(ctx.Request.Query["duration"].ToString(), out var duration))
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            await ctx.Response.WriteAsync("start=ISO8601 and duration=60s (or 90, 2m, 1h) are needed\n");
            return;
        }

        ctx.Response.ContentType = "video/mp4";
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        var body = new MemoryStream();
        if (!await DvrExport.WriteAsync(node.Settings.Dvr.Directory, app, stream, start, duration, body, ctx.RequestAborted))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync("no recording covers that range\n");
            return;
        }

        ctx.Response.ContentLength = body.Length;
        body.Position = 0;
        await body.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }

    /// <summary><c>60s</c>, <c>2m</c>, <c>1h</c>, <c>500ms</c>, or plain seconds; at most a day.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        int unitAt = 0;
        while (unitAt < text.Length && (char.IsAsciiDigit(text[unitAt]) || text[unitAt] == '.')) unitAt++;
        if (!double.TryParse(text.AsSpan(0, unitAt), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
        double seconds = text[unitAt..] switch
        {
            "" or "s" => value,
            "ms" => value / 1000,
            "m" => value * 60,
            "h" => value * 3600,
            _ => -1,
        };
        if (seconds <= 0 || seconds > 86400) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}

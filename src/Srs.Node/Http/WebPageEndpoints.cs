using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Srs.Node.Http;

/// <summary>
/// The web page (<c>web/</c> in the repository, embedded in srs-node): <c>/</c> lists the live streams,
/// <c>/players/?app=A&amp;stream=S&amp;type=hls|flv</c> plays one. Files are looked up by exact path in a
/// table built once at start; a URL never reaches the file system. Any other path falls through.
/// </summary>
public static class WebPageEndpoints
{
    private const string Prefix = "web/";

    // Pages load only their own scripts; hls.js runs its demuxer in a blob: worker and both players feed blob: media.
    private const string PagePolicy =
        "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

    private sealed record WebFile(byte[] Data, string ContentType, string ETag);

    public static void UseWebPage(this IApplicationBuilder app)
    {
        var files = Load(typeof(WebPageEndpoints).Assembly);
        app.Use(async (ctx, next) =>
        {
            var path = ctx.Request.Path.Value ?? "";
            if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) || path.Length == 0)
            {
                await next(ctx);
                return;
            }
            var name = path.EndsWith('/') ? path[1..] + "index.html" : path[1..];
            if (!files.TryGetValue(name, out var file))
            {
                if (files.ContainsKey(name + "/index.html"))
                {
                    // /players → /players/, so the page's relative links resolve
                    ctx.Response.Redirect(path + "/" + ctx.Request.QueryString.Value);
                    return;
                }
                await next(ctx);
                return;
            }
            var headers = ctx.Response.Headers;
            headers.ETag = file.ETag;
            headers.CacheControl = "no-cache"; // revalidate every time: an upgraded node never serves a stale page
            headers.XContentTypeOptions = "nosniff";
            if (file.ContentType.StartsWith("text/html", StringComparison.Ordinal)) headers.ContentSecurityPolicy = PagePolicy;
            if (ctx.Request.Headers.IfNoneMatch.Contains(file.ETag))
            {
                ctx.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            ctx.Response.ContentType = file.ContentType;
            ctx.Response.ContentLength = file.Data.Length;
            if (HttpMethods.IsHead(ctx.Request.Method)) return;
            await ctx.Response.Body.WriteAsync(file.Data, ctx.RequestAborted);
        });
    }

    private static FrozenDictionary<string, WebFile> Load(Assembly assembly)
    {
        var files = new Dictionary<string, WebFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var data = new byte[stream.Length];
            stream.ReadExactly(data);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(data).AsSpan(0, 8)) + "\"";
            files[name[Prefix.Length..]] = new WebFile(data, ContentTypeOf(name), etag);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "text/plain; charset=utf-8", // README.md, LICENSE files
    };
}

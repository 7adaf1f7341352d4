using System.Text.Json;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Gateway.Http;

/// <summary>
/// The gateway's HTTP side (DESIGN.md §4), answered from the registry's immutable snapshot: lookups never
/// ask the actor. Media never flows through here: players are redirected to the node that serves a stream.
/// </summary>
public static class GatewayEndpoints
{
    private const int ErrorStreamNotFound = 2048;
    private static readonly string ServerId = "vid-" + Srs.Actors.Streams.ClientIds.Next()[..7];
    private static readonly string ServiceId = Srs.Actors.Streams.ClientIds.Next();

    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app, DirectoryView view)
    {
        app.MapGet("/api/v1/nodes", (HttpContext ctx) => WriteAsync(ctx, 0, w =>
        {
            w.WriteStartArray("nodes");
            foreach (var n in view.Current.Nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal)) WriteNode(w, n);
            w.WriteEndArray();
        }));
        app.MapGet("/api/v1/streams", (HttpContext ctx) => WriteAsync(ctx, 0, w =>
        {
            var current = view.Current;
            w.WriteStartArray("streams");
            foreach (var (key, nodeId) in current.Streams.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal))
                if (current.Nodes.TryGetValue(nodeId, out var node)) WriteStream(w, key, node, ctx);
            w.WriteEndArray();
        }));
        app.MapGet("/api/v1/streams/{app}/{stream}", (HttpContext ctx, string app, string stream) =>
        {
            var key = KeyOf(ctx, app, stream);
            if (!view.TryFind(key, out var node)) return WriteAsync(ctx, ErrorStreamNotFound, null, StatusCodes.Status404NotFound);
            return WriteAsync(ctx, 0, w =>
            {
                w.WritePropertyName("stream");
                WriteStream(w, key, node, ctx);
            });
        });
        app.MapPost("/api/v1/clusters", (HttpContext ctx) =>
        {
            var q = ctx.Request.Query;
            string vhost = q["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, appName = q["app"].FirstOrDefault() ?? "", name = q["stream"].FirstOrDefault() ?? "";
            var found = view.TryFind(new StreamKey(vhost, appName, name), out var node);
            return WriteAsync(ctx, 0, w =>
            {
                w.WriteStartObject("data");
                w.WriteStartObject("query");
                w.WriteString("ip", q["ip"].FirstOrDefault() ?? "");
                w.WriteString("vhost", vhost);
                w.WriteString("app", appName);
                w.WriteString("stream", name);
                w.WriteEndObject();
                if (!found) w.WriteNull("origin");
                else
                {
                    // SRS's origin-cluster answer: where the origin's RTMP is, and its API as the coworker to ask next.
                    var e = node.Endpoint;
                    w.WriteStartObject("origin");
                    w.WriteString("ip", e.PublicHost);
                    w.WriteNumber("port", e.RtmpPort);
                    w.WriteString("vhost", vhost);
                    w.WriteString("api", $"{e.PublicHost}:{e.HttpPort}");
                    w.WriteStartArray("routers");
                    w.WriteStringValue($"{e.PublicHost}:{e.HttpPort}");
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            });
        });
        app.Map("/api/{**rest}", () => Results.NotFound());
        app.MapGet("/{app}/{file}", (HttpContext ctx, string app, string file) =>
        {
            var ext = Path.GetExtension(file);
            if (ext is not (".m3u8" or ".flv")) return Results.NotFound();
            var key = KeyOf(ctx, app, file[..^ext.Length]);
            // Plain text: Results.NotFound(string) would serialize the string as JSON by reflection, which NativeAOT cannot.
            if (!view.TryFind(key, out var node)) return Results.Text($"{app}/{file} is not served by any node\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            var e = node.Endpoint;
            ctx.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Redirect($"http://{e.PublicHost}:{e.HttpPort}/{Uri.EscapeDataString(app)}/{Uri.EscapeDataString(file)}{ctx.Request.QueryString}");
        });
    }

    private static StreamKey KeyOf(HttpContext ctx, string app, string stream) =>
        new(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, app, stream);

    private static void WriteNode(Utf8JsonWriter w, DirectoryNode n)
    {
        w.WriteStartObject();
        w.WriteString("id", n.NodeId);
        w.WriteString("host", n.Endpoint.PublicHost);
        w.WriteNumber("rtmp_port", n.Endpoint.RtmpPort);
        w.WriteNumber("http_port", n.Endpoint.HttpPort);
        w.WriteNumber("streams", n.Streams.Length);
        w.WriteNumber("up_since", n.UpSinceUnixMs);
        w.WriteEndObject();
    }

    private static void WriteStream(Utf8JsonWriter w, StreamKey key, DirectoryNode node, HttpContext ctx)
    {
        var e = node.Endpoint;
        var vhost = key.Vhost == StreamKey.DefaultVhost ? "" : $"?vhost={Uri.EscapeDataString(key.Vhost)}";
        w.WriteStartObject();
        w.WriteString("vhost", key.Vhost);
        w.WriteString("app", key.App);
        w.WriteString("name", key.Stream);
        w.WritePropertyName("node");
        WriteNode(w, node);
        w.WriteStartObject("urls");
        w.WriteString("rtmp", $"rtmp://{e.PublicHost}:{e.RtmpPort}/{key.App}/{key.Stream}{vhost}");
        w.WriteString("hls", $"http://{e.PublicHost}:{e.HttpPort}/{key.App}/{key.Stream}.m3u8{vhost}");
        w.WriteString("flv", $"http://{e.PublicHost}:{e.HttpPort}/{key.App}/{key.Stream}.flv{vhost}");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext ctx, int code, Action<Utf8JsonWriter>? body, int status = StatusCodes.Status200OK)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("server", ServerId);
        w.WriteString("service", ServiceId);
        w.WriteString("pid", Environment.ProcessId.ToString());
        body?.Invoke(w);
        w.WriteEndObject();
        await w.FlushAsync();
    }
}

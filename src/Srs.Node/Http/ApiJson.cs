using System.Text.Json;
using Srs.Actors.Hls;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>SRS's API shapes, written field by field so names and types match what SRS tools parse.</summary>
public static class ApiJson
{
    public const int ErrorStreamNotFound = 2048;
    public const int ErrorClientNotFound = 2049;

    public static async Task WriteAsync(HttpContext ctx, NodeServices node, int code, Action<Utf8JsonWriter>? body, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        ctx.Response.Headers.CacheControl = "no-cache";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("server", node.ServerId);
        w.WriteString("service", node.ServiceId);
        w.WriteString("pid", Environment.ProcessId.ToString());
        body?.Invoke(w);
        w.WriteEndObject();
        await w.FlushAsync();
    }

    public static void WriteStream(Utf8JsonWriter w, StreamSnapshot s, ClientRegistry clients, long nowMs, HlsStore? hls = null, bool onDemand = false)
    {
        long send = 0;
        int sendKbps = 0, players = 0;
        foreach (var c in clients.Clients.Values)
        {
            if (c.Publish || c.Stream != s.Key) continue;
            send += c.Send.Total;
            sendKbps += c.Send.Kbps(nowMs);
            players++;
        }
        w.WriteStartObject();
        w.WriteString("id", s.SourceId);
        w.WriteString("name", s.Key.Stream);
        w.WriteString("vhost", s.Key.Vhost);
        w.WriteString("app", s.Key.App);
        w.WriteString("tcUrl", TcUrlOf(s, clients));
        w.WriteString("url", s.Key.Url);
        w.WriteNumber("live_ms", s.PublishedUtc is { } p ? new DateTimeOffset(p).ToUnixTimeMilliseconds() : 0);
        w.WriteNumber("clients", players + (s.Publishing ? 1 : 0));
        w.WriteNumber("frames", s.Counters.Frames);
        w.WriteNumber("send_bytes", send);
        w.WriteNumber("recv_bytes", s.Counters.Recv.Total);
        w.WriteStartObject("kbps");
        w.WriteNumber("recv_30s", s.Counters.Recv.Kbps(nowMs));
        w.WriteNumber("send_30s", sendKbps);
        w.WriteEndObject();
        w.WriteStartObject("publish");
        w.WriteBoolean("active", s.Publishing);
        if (s.PublisherId is null) w.WriteNull("cid"); else w.WriteString("cid", s.PublisherId);
        w.WriteEndObject();
        if (s.Video is { } v)
        {
            w.WriteStartObject("video");
            w.WriteString("codec", v.Codec);
            w.WriteString("profile", v.Profile);
            w.WriteString("level", v.Level);
            w.WriteNumber("width", v.Width);
            w.WriteNumber("height", v.Height);
            w.WriteEndObject();
        }
        else w.WriteNull("video");
        if (s.Audio is { } a)
        {
            w.WriteStartObject("audio");
            w.WriteString("codec", a.Codec);
            w.WriteNumber("sample_rate", a.SampleRate);
            w.WriteNumber("channel", a.Channels);
            w.WriteString("profile", a.Profile);
            w.WriteEndObject();
        }
        else w.WriteNull("audio");
        // Not in SRS's shape: what HLS this stream has, so the web page offers LL-HLS only where it exists.
        if (hls is not null && hls.TryGet(s.Key, out var playlist))
        {
            w.WriteStartObject("hls");
            w.WriteString("container", playlist.Segments.Keys.Any(n => n.EndsWith(".m4s", StringComparison.Ordinal)) || playlist.Edge is not null ? "fmp4" : "ts");
            w.WriteBoolean("low_latency", playlist.Edge is not null);
            w.WriteEndObject();
        }
        else w.WriteNull("hls");
        // Not in SRS's shape either: an on-demand pull's stream is listed before it runs (publish.active false until a player asks).
        if (onDemand) w.WriteBoolean("on_demand", true);
        w.WriteEndObject();
    }

    public static void WriteClient(Utf8JsonWriter w, ClientEntry c, StreamRegistry streams, long nowMs)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("vhost", c.Stream.Vhost);
        w.WriteString("stream", streams.TryGet(c.Stream, out var s) ? s.SourceId : "");
        w.WriteString("ip", c.Ip);
        w.WriteString("pageUrl", "");
        w.WriteString("swfUrl", "");
        w.WriteString("tcUrl", c.TcUrl);
        w.WriteString("url", c.Stream.Url);
        w.WriteString("name", c.Stream.Stream);
        w.WriteString("type", c.Type);
        w.WriteBoolean("publish", c.Publish);
        w.WriteNumber("alive", Math.Round((DateTime.UtcNow - c.ConnectedUtc).TotalSeconds, 3));
        w.WriteNumber("send_bytes", c.Send.Total);
        w.WriteNumber("recv_bytes", c.Recv.Total);
        w.WriteStartObject("kbps");
        w.WriteNumber("recv_30s", c.Recv.Kbps(nowMs));
        w.WriteNumber("send_30s", c.Send.Kbps(nowMs));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string TcUrlOf(StreamSnapshot s, ClientRegistry clients) =>
        s.PublisherId is not null && clients.TryGet(s.PublisherId, out var p) ? p.TcUrl : "";
}

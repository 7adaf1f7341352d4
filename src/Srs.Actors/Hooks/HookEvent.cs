using System.Text.Json;
using Srs.Actors.Streams;

namespace Srs.Actors.Hooks;

/// <summary>The JSON body SRS POSTs to a hook: <c>action, client_id, ip, vhost, app, tcUrl, stream, param, stream_url</c> (+ HLS fields for on_hls).</summary>
public sealed record HookEvent(string Action, string ClientId, string Ip, StreamKey Stream, string TcUrl, string Param)
{
    public HlsHookFields? Hls { get; init; }

    public DvrHookFields? Dvr { get; init; }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("server_id", Environment.MachineName);
            w.WriteString("action", Action);
            w.WriteString("client_id", ClientId);
            w.WriteString("ip", Ip);
            w.WriteString("vhost", Stream.Vhost);
            w.WriteString("app", Stream.App);
            w.WriteString("tcUrl", TcUrl);
            w.WriteString("stream", Stream.Stream);
            w.WriteString("param", Param);
            w.WriteString("stream_url", $"/{Stream.App}/{Stream.Stream}");
            if (Hls is { } h)
            {
                w.WriteNumber("duration", Math.Round(h.Duration.TotalSeconds, 3));
                w.WriteString("cwd", h.Cwd);
                w.WriteString("file", h.File);
                w.WriteString("url", h.Url);
                w.WriteString("m3u8", h.M3u8);
                w.WriteString("m3u8_url", h.M3u8Url);
                w.WriteNumber("seq_no", h.SequenceNumber);
            }
            if (Dvr is { } d)
            {
                w.WriteString("cwd", d.Cwd);
                w.WriteString("file", d.File);
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>What on_hls adds: the segment just finished.</summary>
public sealed record HlsHookFields(TimeSpan Duration, string Cwd, string File, string Url, string M3u8, string M3u8Url, long SequenceNumber);

/// <summary>What on_dvr adds: the recording just finished.</summary>
public sealed record DvrHookFields(string Cwd, string File);

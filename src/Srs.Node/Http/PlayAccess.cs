using Akka.Event;
using Srs.Actors.Auth;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>The play checks (address lists, token) of HTTP-FLV, HLS playlists and segments: a refusal is HTTP 403 and one log line.</summary>
public static class PlayAccess
{
    /// <summary>True when the request may play <paramref name="key"/>; otherwise the 403 has been written.</summary>
    public static async Task<bool> CheckAsync(HttpContext ctx, StreamKey key, NodeServices node)
    {
        var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "?";
        var reason = StreamAccess.CheckPlay(node.Settings.Auth, key, ctx.Request.QueryString.Value ?? "", ip, DateTimeOffset.UtcNow);
        if (reason is null) return true;
        // A refused player retries, and a request is cheap to repeat: one line per address and reason per interval.
        if (node.HttpRefusals.ShouldLog("play " + ip + " " + reason, out var more))
            node.System.Log.Warning("HTTP play {0} from {1} refused: {2}{3}", key, ip, reason, more > 0 ? $" ({more} more refused from {ip} since)" : "");
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        await ctx.Response.WriteAsync($"play refused: {reason}\n");
        return false;
    }
}

using System.Security.Cryptography;
using System.Text;
using Akka.Event;

namespace Srs.Node.Http;

/// <summary>
/// <c>srs.http.api-token</c>: when set, a mutating API call needs <c>Authorization: Bearer TOKEN</c>; a missing
/// or wrong one is HTTP 401 with an SRS-style JSON code, and one log line. GETs never come here.
/// </summary>
public static class ApiAuth
{
    /// <summary>SRS's ERROR_SYSTEM_AUTH, what SRS 5 answers when its own HTTP API authentication fails.</summary>
    public const int ErrorAuth = 1064;

    private const string Scheme = "Bearer ";

    public static bool IsAuthorized(string? header, string token)
    {
        if (token.Length == 0) return true;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        // FixedTimeEquals takes time by length only; a length mismatch tells nothing about the token's bytes.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected));
    }

    /// <summary>True when the call may go on; otherwise the 401 has been written.</summary>
    public static async Task<bool> CheckAsync(HttpContext ctx, NodeServices node)
    {
        if (IsAuthorized(ctx.Request.Headers.Authorization.FirstOrDefault(), node.Settings.ApiToken)) return true;
        // Guessing tokens in a loop must not flood the log: one line per address per interval, with the count.
        var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "?";
        if (node.HttpRefusals.ShouldLog("api " + ip, out var more))
            node.System.Log.Warning("API {0} {1} from {2} refused: missing or wrong bearer token{3}", ctx.Request.Method, ctx.Request.Path, ip, more > 0 ? $" ({more} more refused from {ip} since)" : "");
        ctx.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiJson.WriteAsync(ctx, node, ErrorAuth, null, StatusCodes.Status401Unauthorized);
        return false;
    }
}

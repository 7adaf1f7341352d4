using System.Globalization;

namespace Srs.Actors.Rtsp.Base;

/// <summary>
/// An <c>rtsp://user:pass@host:port/path</c> URL taken apart: the credentials go to authentication and nowhere else;
/// <see cref="Url"/> is what goes on request lines, <see cref="Redacted"/> what goes in logs and the API.
/// </summary>
public sealed record RtspUrl(string Host, int Port, string PathAndQuery, string? User, string? Password)
{
    public const int DefaultPort = 554;

    /// <summary>The URL without credentials.</summary>
    public string Url => $"rtsp://{HostAndPort}{PathAndQuery}";

    /// <summary>The URL with the password replaced by <c>***</c>.</summary>
    public string Redacted => User is null ? Url : $"rtsp://{User}:***@{HostAndPort}{PathAndQuery}";

    private string HostAndPort => Port == DefaultPort ? Host : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string url, out RtspUrl? parsed, out string? error)
    {
        parsed = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "rtsp" || uri.Host.Length == 0)
        {
            error = "not an rtsp://host/path URL";
            return false;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        parsed = new RtspUrl(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, uri.PathAndQuery, user, password);
        error = null;
        return true;
    }

    /// <summary>Any URL with the password of its user info replaced by <c>***</c>; other text unchanged.</summary>
    public static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        int hostEnd = url.IndexOf('/', scheme + 3);
        int at = url.LastIndexOf('@', hostEnd < 0 ? url.Length - 1 : hostEnd);
        if (at < scheme) return url;
        int colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at)) : url;
    }

    /// <summary>A control attribute of the SDP resolved against this content base (RFC 2326 C.1.1).</summary>
    public static string Resolve(string contentBase, string control)
    {
        if (control.Length == 0 || control == "*") return contentBase;
        if (control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)) return control;
        return contentBase.EndsWith('/') ? contentBase + control : contentBase + "/" + control;
    }
}

using System.Text;

namespace Srs.Actors.Rtsp.Base;

/// <summary>An RTSP request (RFC 2326 6): method, URI, headers and an optional body (an SDP for ANNOUNCE).</summary>
public sealed class RtspRequest(string method, string uri, RtspHeaders? headers = null, byte[]? body = null)
{
    public string Method { get; } = method;

    public string Uri { get; } = uri;

    public RtspHeaders Headers { get; } = headers ?? new RtspHeaders();

    public byte[] Body { get; } = body ?? [];

    /// <summary>The request's bytes; Content-Length is set from the body.</summary>
    public byte[] ToBytes()
    {
        if (Body.Length > 0) Headers.Set("Content-Length", Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var text = new StringBuilder().Append(Method).Append(' ').Append(Uri).Append(" RTSP/1.0\r\n");
        Headers.AppendTo(text);
        text.Append("\r\n");
        return RtspMessageReader.Concat(Encoding.UTF8.GetBytes(text.ToString()), Body);
    }

    /// <summary>The request line with the URI's password hidden, for logs.</summary>
    public override string ToString() => $"{Method} {RtspUrl.Redact(Uri)}";
}

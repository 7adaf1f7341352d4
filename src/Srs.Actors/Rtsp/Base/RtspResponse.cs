using System.Text;

namespace Srs.Actors.Rtsp.Base;

/// <summary>An RTSP response (RFC 2326 7): status, reason phrase, headers and an optional body (the SDP of DESCRIBE).</summary>
public sealed class RtspResponse(int statusCode, string reason, RtspHeaders? headers = null, byte[]? body = null)
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;

    public RtspHeaders Headers { get; } = headers ?? new RtspHeaders();

    public byte[] Body { get; } = body ?? [];

    public byte[] ToBytes()
    {
        if (Body.Length > 0) Headers.Set("Content-Length", Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var text = new StringBuilder().Append("RTSP/1.0 ").Append(StatusCode).Append(' ').Append(Reason).Append("\r\n");
        Headers.AppendTo(text);
        text.Append("\r\n");
        return RtspMessageReader.Concat(Encoding.UTF8.GetBytes(text.ToString()), Body);
    }

    public override string ToString() => $"{StatusCode} {Reason}";
}

namespace Srs.Actors.Rtsp.Client;

/// <summary>The camera answered a request with an error status, or asked for credentials that did not do.</summary>
public sealed class RtspStatusException(string method, int status, string message) : Exception(message)
{
    public string Method { get; } = method;

    public int Status { get; } = status;
}

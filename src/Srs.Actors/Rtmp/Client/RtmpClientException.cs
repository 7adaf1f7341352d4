namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// The server refused what the client asked (connect, publish, play), or did not answer in time. Network failures
/// stay <see cref="System.Net.Sockets.SocketException"/>/<see cref="IOException"/> and broken protocol
/// <see cref="RtmpProtocolException"/>, so callers can tell "not allowed" from "not reachable".
/// </summary>
public sealed class RtmpClientException : Exception
{
    /// <summary>A refusal without a status code, or a timeout.</summary>
    public RtmpClientException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>A refusal the server explained with a status code and description.</summary>
    public RtmpClientException(string? code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The server's status code (<c>NetStream.Publish.BadName</c>, <c>NetConnection.Connect.Rejected</c>, ...), when it sent one.</summary>
    public string? Code { get; }
}

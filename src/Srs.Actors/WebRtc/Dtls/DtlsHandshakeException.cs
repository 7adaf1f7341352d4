namespace Srs.Actors.WebRtc.Dtls;

/// <summary>A DTLS handshake that did not give SRTP keys; the message is a one-line reason for the session's log.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

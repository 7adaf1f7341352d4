using System.Net;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Whep;

/// <summary>The first ICE check from the browser authenticated: it is at <paramref name="From"/>.</summary>
public sealed record WhepIceConnected(IPEndPoint From);

/// <summary>The DTLS handshake ended with these SRTP keys.</summary>
internal sealed record WhepSecured(SrtpKeys Keys);

/// <summary>The DTLS handshake failed, or the peer closed DTLS, or the writer stopped.</summary>
internal sealed record WhepTransportEnded(string Reason);

/// <summary>The WHEP resource was deleted (HTTP DELETE): the player leaves.</summary>
public sealed record WhepClose(string Reason);

/// <summary>Once a second: sender reports, and the check that the browser is still there.</summary>
internal sealed record WhepTick
{
    public static readonly WhepTick Instance = new();
}

/// <summary>The answer to a WHEP offer: the SDP and the resource's id, or the refusal's HTTP status and reason.</summary>
public sealed record WhepOutcome(string? Answer, string? SessionId, int Status, string? Reason)
{
    public static WhepOutcome Refused(int status, string reason) => new(null, null, status, reason);
}

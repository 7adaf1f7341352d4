namespace Srs.Actors.WebRtc.Sdp;

/// <summary>One <c>m=</c> section of a WHEP offer: its kind, <c>a=mid</c>, direction and the payload types it can receive.</summary>
public sealed record RtcMediaOffer(string Kind, string Mid, string Protocol, string Direction, IReadOnlyList<RtcCodec> Codecs)
{
    /// <summary>True when the browser may receive on it (recvonly or sendrecv).</summary>
    public bool CanReceive => Direction is "recvonly" or "sendrecv";
}

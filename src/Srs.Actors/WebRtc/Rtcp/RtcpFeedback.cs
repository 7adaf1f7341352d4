namespace Srs.Actors.WebRtc.Rtcp;

/// <summary>What a sender acts on in the RTCP a receiver sends back.</summary>
public enum RtcpFeedbackKind
{
    /// <summary>A reception report block (RFC 3550 6.4): in an RR, or in the receiver's own SR.</summary>
    ReceiverReport,

    /// <summary>Generic NACK (RFC 4585 6.2.1): sequence numbers to retransmit.</summary>
    Nack,

    /// <summary>Picture Loss Indication (RFC 4585 6.3.1): the decoder wants a keyframe.</summary>
    Pli,

    /// <summary>Full Intra Request (RFC 5104 4.3.1): a keyframe for this SSRC.</summary>
    Fir,

    /// <summary>Another feedback message (REMB, transport-wide CC, ...), not acted on.</summary>
    Other,
}

/// <summary>
/// One feedback entry from a compound RTCP packet: who sent it, the media SSRC it is about, and for a NACK the lost
/// sequence numbers it names (PID and its bitmask expanded, in order).
/// </summary>
public readonly record struct RtcpFeedback(RtcpFeedbackKind Kind, uint SenderSsrc, uint MediaSsrc, ushort[]? LostSequences);

namespace Srs.Actors.WebRtc.Sdp;

/// <summary>One payload type of an offer's media section: <c>a=rtpmap</c>, its <c>a=fmtp</c> parameters and <c>a=rtcp-fb</c> lines.</summary>
public sealed record RtcCodec(byte PayloadType, string Name, int ClockRate, int Channels, IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> Feedback)
{
    /// <summary>A format parameter, or null.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>True for an RTX (retransmission) or FEC payload type, which the node never sends.</summary>
    public bool IsRepair => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase) || Name.Equals("red", StringComparison.OrdinalIgnoreCase)
        || Name.Equals("ulpfec", StringComparison.OrdinalIgnoreCase) || Name.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase);
}

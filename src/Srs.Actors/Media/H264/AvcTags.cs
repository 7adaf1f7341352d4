namespace Srs.Actors.Media;

/// <summary>
/// What one access unit becomes in FLV/RTMP: an AVC sequence header when the parameter sets are new or changed
/// (sent first), and the video frame when there is a decodable picture; <paramref name="Outcome"/> says why there is
/// no frame when there is none.
/// </summary>
public readonly record struct AvcTags(byte[]? SequenceHeader, byte[]? Frame, bool KeyFrame, AvcOutcome Outcome = AvcOutcome.Frame);

/// <summary>
/// What an access unit held, as srs-librtmp reported it (its error codes 3043-3045 are these normal outcomes of a
/// camera's byte stream, not failures).
/// </summary>
public enum AvcOutcome
{
    /// <summary>A decodable picture: <see cref="AvcTags.Frame"/> is set.</summary>
    Frame,

    /// <summary>A picture before both an SPS and a PPS were seen: dropped, no player could decode it (SRS 3045).</summary>
    NoParameterSetsYet,

    /// <summary>Only parameter sets, at least one of them new.</summary>
    ParameterSetsChanged,

    /// <summary>Only parameter sets, the SPS among them the one in use (SRS 3043): cameras repeat them before keyframes.</summary>
    DuplicatedSps,

    /// <summary>As <see cref="DuplicatedSps"/>, for a PPS on its own (SRS 3044).</summary>
    DuplicatedPps,

    /// <summary>No NAL units, or only delimiters, filler or SEI without a picture.</summary>
    Empty,
}

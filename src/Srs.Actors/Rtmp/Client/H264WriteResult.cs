namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// What <see cref="H264Publisher.WriteFrameAsync"/> did with an access unit. Only <see cref="Written"/> sent a frame;
/// the others are normal outcomes of a camera's byte stream, not failures, and need no action (SRS's librtmp reports
/// the same situations as error codes 3043-3045 that callers are told to ignore).
/// </summary>
public enum H264WriteResult
{
    /// <summary>A video frame was sent, preceded by an AVC sequence header if the SPS/PPS were new or had changed.</summary>
    Written,

    /// <summary>
    /// The access unit held only parameter sets and its SPS is the one already in use: nothing to send
    /// (SRS 3043, <c>ERROR_H264_DUPLICATED_SPS</c>). Cameras repeat SPS/PPS before every keyframe; this is that.
    /// </summary>
    DuplicatedSps,

    /// <summary>As <see cref="DuplicatedSps"/>, for a PPS on its own (SRS 3044, <c>ERROR_H264_DUPLICATED_PPS</c>).</summary>
    DuplicatedPps,

    /// <summary>
    /// Pictures arrived before both an SPS and a PPS were seen; they were dropped since no player could decode them
    /// (SRS 3045, <c>ERROR_H264_DROP_BEFORE_SPS_PPS</c>). Normal when joining a camera's stream mid-GOP.
    /// </summary>
    NoSpsPpsYet,

    /// <summary>
    /// The access unit held only parameter sets, at least one of them new: they are kept and go out as a sequence
    /// header right before the next picture, so an SPS and a PPS written in separate calls make one header.
    /// </summary>
    ParameterSetsStored,

    /// <summary>Nothing to send: no NAL units, or only access unit delimiters, filler data or SEI without a picture.</summary>
    Empty,
}

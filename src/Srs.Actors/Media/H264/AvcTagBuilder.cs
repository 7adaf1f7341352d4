namespace Srs.Actors.Media;

/// <summary>
/// Turns raw H.264 access units into FLV/RTMP video bodies: SPS and PPS become an AVC sequence header
/// (<see cref="AvcDecoderConfig.FromParameterSets"/>), each picture a length-prefixed frame
/// (<see cref="AvcPayload.FromNalUnits"/>), keyframe when it holds an IDR slice. Delimiters and filler are dropped,
/// SEI travels with its picture. The one place raw access units become tags: the raw ingest, the publish command
/// and the client library's <see cref="Rtmp.Client.H264Publisher"/> all go through it. Pure apart from remembering
/// the parameter sets.
/// </summary>
public sealed class AvcTagBuilder : VideoTagBuilder
{
    private byte[]? sps, pps;
    private AvcDecoderConfig? config;

    protected override bool HasRecord => config is not null;

    /// <summary>
    /// One access unit with composition time 0: for streams without B-frames. Raw ingest paths take the composition
    /// time from a <see cref="PresentationClock"/> and call <see cref="VideoTagBuilder.Build(IReadOnlyList{ReadOnlyMemory{byte}}, int)"/>.
    /// </summary>
    public AvcTags Build(AccessUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Build(unit.Nals, 0);
    }

    protected override NalRole Classify(ReadOnlySpan<byte> nal) => AccessUnit.TypeOf(nal) switch
    {
        // RTMP frames the picture itself; filler only pads constant-rate links
        NalUnitType.Aud or NalUnitType.Filler => NalRole.Dropped,
        NalUnitType.Sps => Remember(ref sps, nal) ? NalRole.SetChanged : NalRole.SpsRepeated,
        NalUnitType.Pps => Remember(ref pps, nal) ? NalRole.SetChanged : NalRole.PpsRepeated,
        NalUnitType.Idr => NalRole.KeyPicture,
        NalUnitType.Slice or (NalUnitType)2 or (NalUnitType)3 or (NalUnitType)4 => NalRole.Picture,
        _ => NalRole.WithPicture,
    };

    protected override byte[]? NewSequenceHeader()
    {
        if (sps is not { Length: >= 4 } || pps is not { Length: >= 2 }) return null;
        var next = AvcDecoderConfig.FromParameterSets(sps, pps);
        if (next.Equals(config)) return null;
        config = next;
        return AvcPayload.SequenceHeader(next);
    }

    protected override byte[] Frame(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool key, int compositionTime) =>
        AvcPayload.FromNalUnits(nals, key, compositionTime);
}

namespace Srs.Actors.Media;

/// <summary>
/// Turns raw H.264 access units into FLV/RTMP video bodies: SPS and PPS become an AVC sequence header
/// (<see cref="AvcDecoderConfig.FromParameterSets"/>), each picture a length-prefixed frame
/// (<see cref="AvcPayload.FromNalUnits"/>), keyframe when it holds an IDR slice. Delimiters and filler are dropped,
/// SEI travels with its picture. The one place raw access units become tags: the raw ingest, the publish command
/// and the client library's <see cref="Rtmp.Client.H264Publisher"/> all go through it. Pure apart from remembering
/// the parameter sets.
/// </summary>
public sealed class AvcTagBuilder
{
    private readonly List<ReadOnlyMemory<byte>> pictureNals = new(8);
    private byte[]? sps, pps;
    private AvcDecoderConfig? config;

    /// <summary>The sequence header of the parameter sets in use, once both an SPS and a PPS were seen.</summary>
    public byte[]? SequenceHeader { get; private set; }

    /// <summary>
    /// One access unit with composition time 0: for streams without B-frames. Raw ingest paths take the composition
    /// time from a <see cref="PresentationClock"/> and call <see cref="Build(IReadOnlyList{ReadOnlyMemory{byte}}, int)"/>.
    /// </summary>
    public AvcTags Build(AccessUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Build(unit.Nals, 0);
    }

    /// <summary>One access unit given as its NAL units (header byte first, no start codes) and its composition time (pts - dts, ms).</summary>
    public AvcTags Build(IReadOnlyList<ReadOnlyMemory<byte>> nals, int compositionTime)
    {
        ArgumentNullException.ThrowIfNull(nals);
        pictureNals.Clear();
        bool picture = false, key = false, setsChanged = false, spsRepeated = false, ppsRepeated = false;
        foreach (var nal in nals)
        {
            switch (AccessUnit.TypeOf(nal.Span))
            {
                case NalUnitType.Aud:
                case NalUnitType.Filler:
                    break; // RTMP frames the picture itself; filler only pads constant-rate links
                case NalUnitType.Sps:
                    if (Remember(ref sps, nal.Span)) setsChanged = true; else spsRepeated = true;
                    break;
                case NalUnitType.Pps:
                    if (Remember(ref pps, nal.Span)) setsChanged = true; else ppsRepeated = true;
                    break;
                case NalUnitType.Idr:
                    key = picture = true;
                    pictureNals.Add(nal);
                    break;
                case NalUnitType.Slice or (NalUnitType)2 or (NalUnitType)3 or (NalUnitType)4:
                    picture = true;
                    pictureNals.Add(nal);
                    break;
                default:
                    pictureNals.Add(nal);
                    break;
            }
        }

        byte[]? header = null;
        if (setsChanged && sps is { Length: >= 4 } && pps is { Length: >= 2 })
        {
            var next = AvcDecoderConfig.FromParameterSets(sps, pps);
            if (!next.Equals(config))
            {
                config = next;
                header = SequenceHeader = AvcPayload.SequenceHeader(next);
            }
        }
        // A picture before its parameter sets cannot be decoded by anyone: dropped, as SRS drops it.
        byte[]? frame = picture && config is not null ? AvcPayload.FromNalUnits(pictureNals, key, compositionTime) : null;
        pictureNals.Clear();
        var outcome = picture ? (frame is null ? AvcOutcome.NoParameterSetsYet : AvcOutcome.Frame)
            : setsChanged ? AvcOutcome.ParameterSetsChanged
            : spsRepeated ? AvcOutcome.DuplicatedSps
            : ppsRepeated ? AvcOutcome.DuplicatedPps
            : AvcOutcome.Empty;
        return new AvcTags(header, frame, key && frame is not null, outcome);
    }

    private static bool Remember(ref byte[]? current, ReadOnlySpan<byte> nal)
    {
        if (current is not null && nal.SequenceEqual(current)) return false;
        current = nal.ToArray();
        return true;
    }
}

namespace Srs.Actors.Media;

/// <summary>
/// What a codec's tag builder shares: it remembers the parameter sets, rebuilds the sequence header when they change,
/// drops a picture that comes before them and reports the outcome. A codec says only what each NAL unit is
/// (<see cref="Classify"/>), how its decoder record is built and how a picture becomes a frame.
/// </summary>
public abstract class VideoTagBuilder
{
    private readonly List<ReadOnlyMemory<byte>> pictureNals = new(8);

    /// <summary>The sequence header of the parameter sets in use, once all of them were seen.</summary>
    public byte[]? SequenceHeader { get; private set; }

    /// <summary>A decoder record was built: pictures can be decoded from here on.</summary>
    protected abstract bool HasRecord { get; }

    /// <summary>One access unit given as its NAL units (header byte(s) first, no start codes) and its composition time (pts - dts, ms).</summary>
    public AvcTags Build(IReadOnlyList<ReadOnlyMemory<byte>> nals, int compositionTime)
    {
        ArgumentNullException.ThrowIfNull(nals);
        pictureNals.Clear();
        bool picture = false, key = false, setsChanged = false;
        var repeated = AvcOutcome.Empty;
        foreach (var nal in nals)
        {
            switch (Classify(nal.Span))
            {
                case NalRole.Dropped:
                    break;
                case NalRole.SetChanged:
                    setsChanged = true;
                    break;
                case NalRole.SpsRepeated:
                    repeated = AvcOutcome.DuplicatedSps;
                    break;
                case NalRole.PpsRepeated:
                    if (repeated == AvcOutcome.Empty) repeated = AvcOutcome.DuplicatedPps;
                    break;
                case NalRole.KeyPicture:
                    key = picture = true;
                    pictureNals.Add(nal);
                    break;
                case NalRole.Picture:
                    picture = true;
                    pictureNals.Add(nal);
                    break;
                default:
                    pictureNals.Add(nal);
                    break;
            }
        }

        byte[]? header = setsChanged ? NewSequenceHeader() : null;
        if (header is not null) SequenceHeader = header;
        // A picture before its parameter sets cannot be decoded by anyone: dropped, as SRS drops it.
        byte[]? frame = picture && HasRecord ? Frame(pictureNals, key, compositionTime) : null;
        pictureNals.Clear();
        var outcome = picture ? (frame is null ? AvcOutcome.NoParameterSetsYet : AvcOutcome.Frame)
            : setsChanged ? AvcOutcome.ParameterSetsChanged
            : repeated;
        return new AvcTags(header, frame, key && frame is not null, outcome);
    }

    /// <summary>What one NAL unit is to the access unit; parameter sets are remembered here (<see cref="Remember"/>).</summary>
    protected abstract NalRole Classify(ReadOnlySpan<byte> nal);

    /// <summary>The sequence header of a record built from the remembered sets when it differs from the one in use; else null.</summary>
    protected abstract byte[]? NewSequenceHeader();

    /// <summary>The picture's NAL units as one coded frame body.</summary>
    protected abstract byte[] Frame(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool key, int compositionTime);

    /// <summary>Keeps a parameter set; false when it is the one already kept.</summary>
    protected static bool Remember(ref byte[]? current, ReadOnlySpan<byte> nal)
    {
        if (current is not null && nal.SequenceEqual(current)) return false;
        current = nal.ToArray();
        return true;
    }

    /// <summary>What a NAL unit is to its access unit.</summary>
    protected enum NalRole
    {
        /// <summary>Framing or padding that RTMP does not carry (delimiters, filler, end of sequence).</summary>
        Dropped,

        /// <summary>A parameter set that is new or differs from the one kept.</summary>
        SetChanged,

        /// <summary>The SPS in use again (or, for H.265, any parameter set in use again).</summary>
        SpsRepeated,

        /// <summary>The PPS in use again.</summary>
        PpsRepeated,

        /// <summary>A slice of a picture decoding can start at.</summary>
        KeyPicture,

        /// <summary>A slice of any other picture.</summary>
        Picture,

        /// <summary>Travels with the picture (SEI and the rest).</summary>
        WithPicture,
    }
}

namespace Srs.Actors.Media;

/// <summary>
/// One H.264 access unit of a raw byte stream: the NAL units (header byte included, no start codes) of one
/// picture with the parameter sets, SEI and delimiters that came with it (ISO 14496-10 7.4.1.2.3).
/// </summary>
public sealed class AccessUnit
{
    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x00, 0x01];

    public AccessUnit(IReadOnlyList<ReadOnlyMemory<byte>> nals)
    {
        ArgumentNullException.ThrowIfNull(nals);
        Nals = nals;
        foreach (var nal in nals)
        {
            Size += nal.Length;
            switch (TypeOf(nal.Span))
            {
                case NalUnitType.Idr:
                    IsKeyFrame = HasPicture = true;
                    break;
                case NalUnitType.Slice or (NalUnitType)2 or (NalUnitType)3 or (NalUnitType)4:
                    HasPicture = true;
                    break;
                case NalUnitType.Sps:
                    HasSps = true;
                    break;
            }
        }
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Nals { get; }

    /// <summary>Bytes of all NAL units, start codes not counted.</summary>
    public int Size { get; }

    /// <summary>Holds a coded slice (types 1-5): there is a picture to decode.</summary>
    public bool HasPicture { get; }

    /// <summary>Holds an IDR slice: decoding can start here.</summary>
    public bool IsKeyFrame { get; }

    public bool HasSps { get; }

    public static NalUnitType TypeOf(ReadOnlySpan<byte> nal) => nal.IsEmpty ? 0 : (NalUnitType)(nal[0] & 0x1F);

    /// <summary>The access unit as an Annex B byte stream again, every NAL behind a 4-byte start code.</summary>
    public byte[] ToAnnexB()
    {
        var bytes = new byte[Size + Nals.Count * StartCode.Length];
        var destination = bytes.AsSpan();
        foreach (var nal in Nals)
        {
            StartCode.CopyTo(destination);
            nal.Span.CopyTo(destination[StartCode.Length..]);
            destination = destination[(StartCode.Length + nal.Length)..];
        }
        return bytes;
    }

    public override string ToString() =>
        $"AU {Nals.Count} NALs [{string.Join(' ', Nals.Select(n => (int)TypeOf(n.Span)))}] {Size} bytes{(IsKeyFrame ? " key" : "")}";
}

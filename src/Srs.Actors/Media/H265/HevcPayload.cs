using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Enhanced RTMP (E-RTMP v1) H.265 video bodies, FourCC <c>hvc1</c>: a SequenceStart with the
/// HEVCDecoderConfigurationRecord, and CodedFrames with a SI24 composition time and 4-byte length-prefixed NAL units.
/// </summary>
public static class HevcPayload
{
    private const byte SequenceStartKey = 0x90; // IsExHeader, frame type 1, packet type 0
    private const byte CodedFramesKey = 0x91; // frame type 1 (key), packet type 1
    private const byte CodedFramesInter = 0xA1; // frame type 2 (inter), packet type 1
    private const int FourCcSize = 4;
    private const int LengthPrefixSize = 4;

    private static ReadOnlySpan<byte> Hvc1 => "hvc1"u8;

    /// <summary>90 'hvc1' + the record.</summary>
    public static byte[] SequenceHeader(ReadOnlySpan<byte> record)
    {
        var body = new byte[1 + FourCcSize + record.Length];
        body[0] = SequenceStartKey;
        Hvc1.CopyTo(body.AsSpan(1));
        record.CopyTo(body.AsSpan(1 + FourCcSize));
        return body;
    }

    /// <summary>91/A1 'hvc1' + SI24 composition time + each NAL unit behind its 4-byte length.</summary>
    public static byte[] FromNalUnits(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool keyFrame, int compositionTimeMs)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentOutOfRangeException.ThrowIfLessThan(compositionTimeMs, -(1 << 23));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(compositionTimeMs, (1 << 23) - 1);
        const int header = 1 + FourCcSize + 3;
        int size = header;
        foreach (var nal in nals) size += LengthPrefixSize + nal.Length;
        var body = new byte[size];
        body[0] = keyFrame ? CodedFramesKey : CodedFramesInter;
        Hvc1.CopyTo(body.AsSpan(1));
        body[5] = (byte)(compositionTimeMs >> 16);
        body[6] = (byte)(compositionTimeMs >> 8);
        body[7] = (byte)compositionTimeMs;
        var destination = body.AsSpan(header);
        foreach (var nal in nals)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, nal.Length);
            nal.Span.CopyTo(destination[LengthPrefixSize..]);
            destination = destination[(LengthPrefixSize + nal.Length)..];
        }
        return body;
    }
}

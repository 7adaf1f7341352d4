using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>Builds legacy FLV/RTMP AVC video bodies (FLV 10.1 E.4.3.1), the form every RTMP player accepts.</summary>
public static class AvcPayload
{
    private const byte KeyFrameAvc = 0x17; // frame type 1, codec id 7
    private const byte InterFrameAvc = 0x27; // frame type 2, codec id 7
    private const byte SequenceHeaderType = 0x00;
    private const byte NaluType = 0x01;
    private const int HeaderSize = 5; // frame/codec byte, AVCPacketType, SI24 composition time
    private const int LengthPrefixSize = 4;
    private const int Si24Min = -(1 << 23);
    private const int Si24Max = (1 << 23) - 1;

    /// <summary>17 00 000000 + AVCDecoderConfigurationRecord.</summary>
    public static byte[] SequenceHeader(AvcDecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] record = config.Encode();
        var body = new byte[HeaderSize + record.Length];
        body[0] = KeyFrameAvc; // sequence headers are sent as key frames by convention
        body[1] = SequenceHeaderType;
        record.CopyTo(body.AsSpan(HeaderSize));
        return body;
    }

    /// <summary>
    /// 17/27 01 + SI24 composition time + each NAL unit (no start code) behind a 4-byte big-endian length,
    /// matching <see cref="AvcDecoderConfig.FromParameterSets"/>'s NAL length size.
    /// </summary>
    public static byte[] FromNalUnits(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool keyFrame, int compositionTimeMs)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentOutOfRangeException.ThrowIfLessThan(compositionTimeMs, Si24Min);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(compositionTimeMs, Si24Max);

        int size = HeaderSize;
        for (int i = 0; i < nals.Count; i++)
        {
            size += LengthPrefixSize + nals[i].Length;
        }

        var body = new byte[size];
        body[0] = keyFrame ? KeyFrameAvc : InterFrameAvc;
        body[1] = NaluType;
        body[2] = (byte)(compositionTimeMs >> 16); // two's complement, so negative offsets encode as SI24 naturally
        body[3] = (byte)(compositionTimeMs >> 8);
        body[4] = (byte)compositionTimeMs;

        var destination = body.AsSpan(HeaderSize);
        for (int i = 0; i < nals.Count; i++)
        {
            var nal = nals[i].Span;
            BinaryPrimitives.WriteInt32BigEndian(destination, nal.Length);
            nal.CopyTo(destination[LengthPrefixSize..]);
            destination = destination[(LengthPrefixSize + nal.Length)..];
        }

        return body;
    }
}

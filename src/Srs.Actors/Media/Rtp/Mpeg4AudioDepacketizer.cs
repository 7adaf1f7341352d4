using System.Buffers.Binary;

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 3640 <c>mpeg4-generic</c> AAC (AAC-hbr: sizelength 13, indexlength 3, indexdeltalength 3, as the SDP's fmtp
/// says): AU headers, then the access units (raw AAC frames, no ADTS). Several frames in one packet are stamped
/// one frame duration apart; a frame fragmented over packets is reassembled up to the marker, and dropped if a
/// packet of it was lost.
/// </summary>
public sealed class Mpeg4AudioDepacketizer
{
    public const int MaxFrameSize = 1 << 16;

    private readonly int sizeLength, indexLength, indexDeltaLength, samplesPerFrame;
    private byte[] fragment = [];
    private int fragmentLength = -1, fragmentSize;
    private uint fragmentTimestamp;
    private ushort nextSequence;
    private bool started;

    public Mpeg4AudioDepacketizer(int sizeLength = 13, int indexLength = 3, int indexDeltaLength = 3, int samplesPerFrame = 1024)
    {
        if (sizeLength is < 1 or > 16 || indexLength is < 0 or > 8 || indexDeltaLength is < 0 or > 8)
            throw new InvalidDataException($"mpeg4-generic: sizelength {sizeLength}, indexlength {indexLength}, indexdeltalength {indexDeltaLength} not supported");
        this.sizeLength = sizeLength;
        this.indexLength = indexLength;
        this.indexDeltaLength = indexDeltaLength;
        this.samplesPerFrame = samplesPerFrame;
    }

    /// <summary>Frames dropped because a packet of theirs was lost.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Takes one packet; each complete frame goes to <paramref name="output"/> as a one-part unit.</summary>
    /// <exception cref="InvalidDataException">AU headers that do not fit the packet.</exception>
    public void Push(RtpPacket packet, List<RtpMediaUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        bool gap = started && packet.SequenceNumber != nextSequence;
        started = true;
        nextSequence = unchecked((ushort)(packet.SequenceNumber + 1));
        if (gap && fragmentLength >= 0)
        {
            DroppedFrames++;
            fragmentLength = -1;
        }

        var payload = packet.Payload.Span;
        if (payload.Length < 2) throw new InvalidDataException("mpeg4-generic: no AU-headers-length");
        int headerBits = BinaryPrimitives.ReadUInt16BigEndian(payload);
        int headerBytes = (headerBits + 7) / 8;
        if (payload.Length < 2 + headerBytes) throw new InvalidDataException($"mpeg4-generic: {headerBits} bits of AU headers in {payload.Length - 2} bytes");
        var bits = new BitReader(payload.Slice(2, headerBytes), "AU headers");
        var data = payload[(2 + headerBytes)..];

        if (fragmentLength >= 0)
        {
            ContinueFragment(packet, data, output);
            return;
        }

        int first = sizeLength + indexLength, next = sizeLength + indexDeltaLength;
        for (int i = 0; headerBits >= (i == 0 ? first : next); i++)
        {
            int size = (int)bits.ReadBits(sizeLength);
            bits.Skip(i == 0 ? indexLength : indexDeltaLength);
            headerBits -= i == 0 ? first : next;
            uint stamp = unchecked(packet.Timestamp + (uint)(i * samplesPerFrame));
            if (size > data.Length)
            {
                if (i != 0 || headerBits >= next) throw new InvalidDataException($"mpeg4-generic: an AU of {size} bytes in {data.Length}");
                if (size > MaxFrameSize) throw new InvalidDataException($"mpeg4-generic: an AU of {size} bytes");
                // One frame fragmented over packets (RFC 3640 3.2.3): the rest follows up to the marker.
                if (fragment.Length < size) fragment = new byte[size];
                data.CopyTo(fragment);
                fragmentLength = data.Length;
                fragmentSize = size;
                fragmentTimestamp = stamp;
                return;
            }
            if (size > 0) output.Add(new RtpMediaUnit(stamp, [data[..size].ToArray()]));
            data = data[size..];
        }
    }

    private void ContinueFragment(RtpPacket packet, ReadOnlySpan<byte> data, List<RtpMediaUnit> output)
    {
        if (packet.Timestamp != fragmentTimestamp || fragmentLength + data.Length > fragmentSize)
        {
            DroppedFrames++;
            fragmentLength = -1;
            return;
        }
        data.CopyTo(fragment.AsSpan(fragmentLength));
        fragmentLength += data.Length;
        if (fragmentLength == fragmentSize)
        {
            output.Add(new RtpMediaUnit(fragmentTimestamp, [fragment.AsSpan(0, fragmentSize).ToArray()]));
            fragmentLength = -1;
        }
        else if (packet.Marker)
        {
            DroppedFrames++;
            fragmentLength = -1;
        }
    }
}

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 6416 <c>MP4A-LATM</c> with <c>cpresent=0</c> (the StreamMuxConfig in the SDP): each packet, or run of packets up
/// to the marker bit, holds whole AudioMuxElements; each subframe of one is a PayloadLengthInfo (bytes of 255 summed up
/// to one below it) and a PayloadMux, one raw AAC frame. Frames after the first are stamped one frame duration apart.
/// An element fragmented over packets is dropped when one of them was lost, and so is the packet after a gap (it may
/// continue what was lost). Bounded by <see cref="MaxElementSize"/>.
/// </summary>
public sealed class LatmDepacketizer(LatmStreamMuxConfig config, int frameDuration)
{
    public const int MaxElementSize = 1 << 16;

    private byte[] buffer = new byte[2048];
    private int length;
    private uint timestamp;
    private ushort nextSequence;
    private bool started, broken;

    /// <summary>Elements dropped because a packet of theirs was lost.</summary>
    public long DroppedElements { get; private set; }

    /// <summary>Takes one packet; each AAC frame goes to <paramref name="output"/> as a one-part unit.</summary>
    /// <exception cref="InvalidDataException">An element past its bounds, or payload lengths that do not fit it.</exception>
    public void Push(RtpPacket packet, List<RtpMediaUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        bool gap = started && packet.SequenceNumber != nextSequence;
        started = true;
        nextSequence = unchecked((ushort)(packet.SequenceNumber + 1));
        if (length > 0 && packet.Timestamp != timestamp) Drop(); // an element whose last fragment never came
        if (gap) broken = true; // the element in progress, or the one this packet continues, misses a fragment
        if (length == 0) timestamp = packet.Timestamp;
        var payload = packet.Payload.Span;
        if (length + payload.Length > MaxElementSize) throw new InvalidDataException($"MP4A-LATM: an AudioMuxElement over {MaxElementSize >> 10} KB");
        if (length + payload.Length > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + payload.Length));
        payload.CopyTo(buffer.AsSpan(length));
        length += payload.Length;
        if (!packet.Marker) return;
        if (broken) DroppedElements++;
        else Split(buffer.AsSpan(0, length), output);
        length = 0;
        broken = false;
    }

    private void Drop()
    {
        DroppedElements++;
        length = 0;
        broken = false;
    }

    private void Split(ReadOnlySpan<byte> elements, List<RtpMediaUnit> output)
    {
        uint stamp = timestamp;
        while (!elements.IsEmpty)
        {
            for (int i = 0; i < config.SubFrames; i++)
            {
                int size = 0, at = 0;
                while (true)
                {
                    if (at >= elements.Length) throw new InvalidDataException("MP4A-LATM: a PayloadLengthInfo cut short");
                    byte b = elements[at++];
                    size += b;
                    if (b != 255) break;
                }
                if (size > elements.Length - at) throw new InvalidDataException($"MP4A-LATM: a payload of {size} bytes in {elements.Length - at}");
                if (size > 0) output.Add(new RtpMediaUnit(stamp, [elements.Slice(at, size).ToArray()]));
                stamp = unchecked(stamp + (uint)frameDuration);
                elements = elements[(at + size)..];
            }
            long other = (config.OtherDataBits + 7) / 8;
            if (other > elements.Length) throw new InvalidDataException("MP4A-LATM: other data past the element");
            elements = elements[(int)other..];
        }
    }
}

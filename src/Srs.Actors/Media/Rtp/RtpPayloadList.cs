using System.Buffers.Binary;

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// An access unit's RTP payloads in one array, as a packetizer cuts them: per packet a marker byte, the payload's
/// 16-bit length and the payload. Nothing of a receiver is in it, so one list per frame serves every receiver of a
/// stream; each adds only its own header (<see cref="Send"/>).
/// </summary>
public static class RtpPayloadList
{
    private const int PrefixSize = 3;

    /// <summary>Writes the fragmentation header of one part of <paramref name="nal"/> into <paramref name="header"/>.</summary>
    public delegate void FragmentHeader(ReadOnlySpan<byte> nal, bool first, bool last, Span<byte> header);

    /// <summary>
    /// The payloads of one access unit: a NAL unit that fits <see cref="H264Packetizer.MaxPayload"/> as it is, a larger
    /// one as fragments of <paramref name="headerSize"/> header bytes then the next part of the NAL unit after its
    /// <paramref name="nalHeaderSize"/>-byte header. The access unit's last packet carries the marker bit, unless
    /// <paramref name="markLast"/> is false (NAL units that a sender puts ahead of an access unit, such as parameter sets).
    /// </summary>
    public static byte[] Build(IReadOnlyList<ReadOnlyMemory<byte>> nals, int nalHeaderSize, int headerSize, FragmentHeader writeHeader, bool markLast = true)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentNullException.ThrowIfNull(writeHeader);
        int room = H264Packetizer.MaxPayload - headerSize, size = 0;
        foreach (var nal in nals)
        {
            if (nal.Length <= H264Packetizer.MaxPayload)
            {
                size += PrefixSize + nal.Length;
                continue;
            }
            int rest = nal.Length - nalHeaderSize;
            size += ((rest + room - 1) / room * (PrefixSize + headerSize)) + rest;
        }
        var list = new byte[size];
        int at = 0;
        for (int n = 0; n < nals.Count; n++)
        {
            var nal = nals[n].Span;
            bool lastNal = markLast && n == nals.Count - 1;
            if (nal.Length <= H264Packetizer.MaxPayload)
            {
                at = Prefix(list, at, lastNal, nal.Length);
                nal.CopyTo(list.AsSpan(at));
                at += nal.Length;
                continue;
            }
            var rest = nal[nalHeaderSize..];
            for (bool first = true; rest.Length > 0; first = false)
            {
                int part = Math.Min(room, rest.Length);
                bool last = part == rest.Length;
                at = Prefix(list, at, lastNal && last, headerSize + part);
                writeHeader(nal, first, last, list.AsSpan(at, headerSize));
                rest[..part].CopyTo(list.AsSpan(at + headerSize));
                at += headerSize + part;
                rest = rest[part..];
            }
        }
        return list;
    }

    /// <summary>Each payload of <paramref name="list"/> as a packet with the receiver's header fields, <paramref name="sequence"/> advancing by one a packet.</summary>
    public static void Send(ReadOnlyMemory<byte> list, byte payloadType, uint ssrc, ref ushort sequence, uint timestamp, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        for (int at = 0; at < list.Length;)
        {
            var span = list.Span;
            bool marker = span[at] != 0;
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 1)..]);
            emit(new RtpPacket(marker, payloadType, sequence++, timestamp, ssrc, list.Slice(at + PrefixSize, length)));
            at += PrefixSize + length;
        }
    }

    private static int Prefix(byte[] list, int at, bool marker, int length)
    {
        list[at] = marker ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(list.AsSpan(at + 1), (ushort)length);
        return at + PrefixSize;
    }
}

using System.Buffers;

namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// Cuts one PES packet into 188-byte transport packets on one PID (ISO 13818-1 2.4.3.2-2.4.3.5). The last packet is
/// filled by adaptation-field stuffing rather than payload padding, because bytes after a PES inside the payload
/// would be read as elementary stream data.
/// </summary>
internal static class TsPacketizer
{
    private const int FlagsSize = 1;
    private const byte FlagRandomAccess = 0x40;
    private const byte FlagPcr = 0x10;
    private const int ControlPayloadOnly = 0x10;
    private const int ControlAdaptationAndPayload = 0x30;
    private const int PayloadUnitStart = 0x40;

    /// <summary>
    /// Writes the PES whose header is <paramref name="pesHeader"/> and whose body is <paramref name="es"/>.
    /// <paramref name="pcr90k"/> (when not null) and <paramref name="randomAccess"/> go into the adaptation field of
    /// the first packet. <paramref name="continuityCounter"/> is advanced once per packet, all of which carry payload.
    /// </summary>
    public static void WritePes(
        IBufferWriter<byte> output,
        ushort pid,
        ref byte continuityCounter,
        ReadOnlySpan<byte> pesHeader,
        ReadOnlySpan<byte> es,
        long? pcr90k,
        bool randomAccess)
    {
        bool first = true;
        int esOffset = 0;
        do
        {
            // Adaptation field bytes the packet needs anyway: length + flags, and the PCR after them.
            int required = 0;
            byte flags = 0;
            if (first && (pcr90k.HasValue || randomAccess))
            {
                required = 1 + FlagsSize;
                if (pcr90k.HasValue)
                {
                    flags |= FlagPcr;
                    required += TsTimestamp.PcrSize;
                }

                if (randomAccess)
                {
                    flags |= FlagRandomAccess;
                }
            }

            var head = first ? pesHeader : default;
            int remaining = head.Length + es.Length - esOffset;
            int payload = Math.Min(remaining, TsFormat.PayloadCapacity - required);
            int adaptation = TsFormat.PayloadCapacity - payload; // >= required; the surplus is stuffing

            var packet = output.GetSpan(TsFormat.PacketSize)[..TsFormat.PacketSize];
            packet[0] = TsFormat.SyncByte;
            packet[1] = (byte)((first ? PayloadUnitStart : 0) | (pid >> 8));
            packet[2] = (byte)pid;
            packet[3] = (byte)((adaptation > 0 ? ControlAdaptationAndPayload : ControlPayloadOnly) | continuityCounter);
            continuityCounter = (byte)((continuityCounter + 1) & 0x0F);

            int position = TsFormat.HeaderSize;
            if (adaptation > 0)
            {
                WriteAdaptationField(packet.Slice(position, adaptation), flags, first ? pcr90k : null);
                position += adaptation;
            }

            head.CopyTo(packet[position..]);
            position += head.Length;
            int fromEs = payload - head.Length;
            es.Slice(esOffset, fromEs).CopyTo(packet[position..]);
            esOffset += fromEs;

            output.Advance(TsFormat.PacketSize);
            first = false;
        }
        while (esOffset < es.Length);
    }

    /// <summary>
    /// Fills <paramref name="field"/> (its whole size, length byte included) with an adaptation field. A single byte is
    /// the one-byte stuffing form: adaptation_field_length 0 and no flags byte at all.
    /// </summary>
    private static void WriteAdaptationField(Span<byte> field, byte flags, long? pcr90k)
    {
        field[0] = (byte)(field.Length - 1);
        if (field.Length == 1)
        {
            return;
        }

        field[1] = flags;
        int position = 2;
        if (pcr90k.HasValue)
        {
            TsTimestamp.WritePcr(field[position..], pcr90k.Value);
            position += TsTimestamp.PcrSize;
        }

        field[position..].Fill(TsFormat.Stuffing);
    }
}

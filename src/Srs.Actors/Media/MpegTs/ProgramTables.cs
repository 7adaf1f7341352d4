using System.Buffers.Binary;

namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// Program specific information (ISO 13818-1 2.4.4): the PAT pointing at our one program's PMT, and the PMT listing
/// its elementary streams. Each section fits one transport packet, so each write is exactly one packet.
/// </summary>
internal static class ProgramTables
{
    private const byte TableIdPat = 0x00;
    private const byte TableIdPmt = 0x02;
    private const int CrcSize = 4;
    private const int PointerFieldSize = 1;

    // section_syntax_indicator 1, '0', reserved '11', then the top 4 bits of section_length (always 0 for us).
    private const byte SyntaxAndReserved = 0xB0;

    // reserved '11', version_number 0, current_next_indicator 1. The tables never change within one muxer.
    private const byte VersionCurrent = 0xC1;

    // Bytes after section_length that precede the loop, and the size of each loop entry.
    private const int PatFixedSize = 5; // transport_stream_id, version, section_number, last_section_number
    private const int PatEntrySize = 4; // program_number, PID
    private const int PmtFixedSize = 9; // program_number, version, section numbers, PCR_PID, program_info_length
    private const int PmtEntrySize = 5; // stream_type, elementary_PID, ES_info_length

    /// <summary>Writes one PAT packet for program <see cref="TsFormat.ProgramNumber"/> at <see cref="TsFormat.PmtPid"/>.</summary>
    public static void WritePat(Span<byte> packet, byte continuityCounter)
    {
        var section = BeginPacket(packet, TsFormat.PatPid, continuityCounter);
        int sectionLength = PatFixedSize + PatEntrySize + CrcSize;
        WriteSectionHeader(section, TableIdPat, sectionLength, TsFormat.TransportStreamId);
        BinaryPrimitives.WriteUInt16BigEndian(section[8..], TsFormat.ProgramNumber);
        WritePid(section[10..], TsFormat.PmtPid);
        FinishSection(packet, section, sectionLength);
    }

    /// <summary>
    /// Writes one PMT packet. <paramref name="videoStreamType"/> or <paramref name="audioStreamType"/> is 0 when the
    /// program has no such stream; the PCR travels on <paramref name="pcrPid"/>.
    /// </summary>
    public static void WritePmt(Span<byte> packet, byte continuityCounter, ushort pcrPid, byte videoStreamType, byte audioStreamType)
    {
        var section = BeginPacket(packet, TsFormat.PmtPid, continuityCounter);
        int streams = (videoStreamType != 0 ? 1 : 0) + (audioStreamType != 0 ? 1 : 0);
        int sectionLength = PmtFixedSize + streams * PmtEntrySize + CrcSize;
        WriteSectionHeader(section, TableIdPmt, sectionLength, TsFormat.ProgramNumber);
        WritePid(section[8..], pcrPid);
        WriteLength(section[10..], 0); // program_info_length: no program descriptors

        int position = 12;
        if (videoStreamType != 0)
        {
            WriteStream(section[position..], videoStreamType, TsFormat.VideoPid);
            position += PmtEntrySize;
        }

        if (audioStreamType != 0)
        {
            WriteStream(section[position..], audioStreamType, TsFormat.AudioPid);
        }

        FinishSection(packet, section, sectionLength);
    }

    /// <summary>Writes the packet header and the pointer field; returns the span where the section starts.</summary>
    private static Span<byte> BeginPacket(Span<byte> packet, ushort pid, byte continuityCounter)
    {
        packet[0] = TsFormat.SyncByte;
        packet[1] = (byte)(0x40 | (pid >> 8)); // payload_unit_start: a section starts in this packet
        packet[2] = (byte)pid;
        packet[3] = (byte)(0x10 | continuityCounter); // payload only
        packet[TsFormat.HeaderSize] = 0; // pointer_field: the section follows immediately
        return packet[(TsFormat.HeaderSize + PointerFieldSize)..];
    }

    /// <summary>table_id, section_length, the 16-bit id (transport_stream_id or program_number), version and section numbers.</summary>
    private static void WriteSectionHeader(Span<byte> section, byte tableId, int sectionLength, ushort id)
    {
        section[0] = tableId;
        section[1] = (byte)(SyntaxAndReserved | (sectionLength >> 8));
        section[2] = (byte)sectionLength;
        BinaryPrimitives.WriteUInt16BigEndian(section[3..], id);
        section[5] = VersionCurrent;
        section[6] = 0; // section_number
        section[7] = 0; // last_section_number
    }

    private static void WriteStream(Span<byte> entry, byte streamType, ushort pid)
    {
        entry[0] = streamType;
        WritePid(entry[1..], pid);
        WriteLength(entry[3..], 0); // ES_info_length: no descriptors, the stream type says it all
    }

    // 3 reserved bits set, 13-bit PID.
    private static void WritePid(Span<byte> destination, ushort pid) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(0xE000 | pid));

    // 4 reserved bits set, 12-bit length.
    private static void WriteLength(Span<byte> destination, int length) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(0xF000 | length));

    /// <summary>Appends the CRC over table_id..last loop byte and stuffs the rest of the packet with 0xFF.</summary>
    private static void FinishSection(Span<byte> packet, Span<byte> section, int sectionLength)
    {
        int crcOffset = 3 + sectionLength - CrcSize; // section_length counts from after itself
        BinaryPrimitives.WriteUInt32BigEndian(section[crcOffset..], Crc32Mpeg2.Compute(section[..crcOffset]));
        int end = TsFormat.HeaderSize + PointerFieldSize + crcOffset + CrcSize;
        packet[end..TsFormat.PacketSize].Fill(TsFormat.Stuffing);
    }
}

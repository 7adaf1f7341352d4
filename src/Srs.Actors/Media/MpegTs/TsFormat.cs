namespace Srs.Actors.Media.MpegTs;

/// <summary>Transport stream constants (ISO 13818-1 2.4.3) and the fixed PIDs and ids this origin uses, as SRS does.</summary>
internal static class TsFormat
{
    public const int PacketSize = 188;
    public const int HeaderSize = 4;
    public const int PayloadCapacity = PacketSize - HeaderSize;
    public const byte SyncByte = 0x47;
    public const byte Stuffing = 0xFF;

    public const ushort PatPid = 0x0000;

    // SRS's choices; players never care which PIDs are used, but matching SRS keeps captures comparable.
    public const ushort PmtPid = 0x1001;
    public const ushort VideoPid = 0x100;
    public const ushort AudioPid = 0x101;

    public const ushort ProgramNumber = 1;
    public const ushort TransportStreamId = 1;

    public const byte StreamIdVideo = 0xE0; // first video stream
    public const byte StreamIdAudio = 0xC0; // first MPEG audio stream; AAC uses it too

    public const byte StreamTypeH264 = 0x1B;
    public const byte StreamTypeAacAdts = 0x0F;

    // 13818-3 (MPEG-2 audio) rather than 0x03 (11172-3): it also covers the 16/22.05/24 kHz rates that MP3 in FLV
    // uses, and a 13818-3 decoder plays every MPEG-1 stream. SRS makes the same choice.
    public const byte StreamTypeMpeg2Audio = 0x04;

    /// <summary>Timestamps are 33-bit counters of a 90 kHz clock that wrap every 26.5 hours.</summary>
    public const long TimestampMask = (1L << 33) - 1;
}

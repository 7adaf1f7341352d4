namespace Srs.Actors.Media;

/// <summary>Sizes and limits of the FLV file layout (Adobe FLV 10.1, annex E), shared by reader and writer.</summary>
internal static class FlvFormat
{
    /// <summary>'F' 'L' 'V', version, flags, UI32 DataOffset.</summary>
    public const int HeaderSize = 9;

    /// <summary>TagType, UI24 DataSize, UI24 Timestamp, UI8 TimestampExtended, UI24 StreamID.</summary>
    public const int TagHeaderSize = 11;

    /// <summary>UI32 PreviousTagSize following every tag (and the header).</summary>
    public const int PreviousTagSizeSize = 4;

    public const int MaxBodyLength = 0xFFFFFF; // DataSize is UI24

    public const byte Version = 1;
    public const byte FlagAudio = 0x04;
    public const byte FlagVideo = 0x01;
}

namespace Srs.Actors.Media;

/// <summary>Enhanced RTMP codec FourCCs as big-endian integers, so a match is one compare.</summary>
internal static class FourCc
{
    public const uint Avc = ('a' << 24) | ('v' << 16) | ('c' << 8) | '1';
    public const uint Hevc = ('h' << 24) | ('v' << 16) | ('c' << 8) | '1';
    public const uint Av1 = ('a' << 24) | ('v' << 16) | ('0' << 8) | '1';
    public const uint Vp9 = ('v' << 24) | ('p' << 16) | ('0' << 8) | '9';
    public const uint Aac = ('m' << 24) | ('p' << 16) | ('4' << 8) | 'a';
    public const uint Mp3 = ('.' << 24) | ('m' << 16) | ('p' << 8) | '3';
    public const uint Opus = ('O' << 24) | ('p' << 16) | ('u' << 8) | 's';
}

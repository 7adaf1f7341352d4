namespace Srs.Actors.Tests.Media;

/// <summary>Test vectors are written as spaced hex dumps, the way they are read off Wireshark or xxd.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}

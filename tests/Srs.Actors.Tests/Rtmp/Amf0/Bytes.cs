using System.Text;

namespace Srs.Actors.Tests.Rtmp.Amf0;

/// <summary>Builds expected wire images by hand so tests do not trust the writer to check the writer.</summary>
internal static class Bytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Concat(params byte[][] parts)
    {
        int length = 0;
        foreach (var part in parts)
        {
            length += part.Length;
        }

        var result = new byte[length];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>A short AMF0 string value: marker, 16-bit length, ASCII bytes.</summary>
    public static byte[] ShortString(string text) =>
        Concat([0x02, (byte)(text.Length >> 8), (byte)text.Length], Ascii(text));

    /// <summary>A property name: 16-bit length then ASCII bytes, no marker.</summary>
    public static byte[] Key(string text) =>
        Concat([(byte)(text.Length >> 8), (byte)text.Length], Ascii(text));
}

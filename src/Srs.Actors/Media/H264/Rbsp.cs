namespace Srs.Actors.Media;

/// <summary>
/// Removes emulation prevention bytes: inside a NAL unit every 00 00 03 stands for 00 00 (ISO 14496-10 7.4.1),
/// inserted so payload can never imitate a start code. Parsers must read the unescaped RBSP.
/// </summary>
public static class Rbsp
{
    private static ReadOnlySpan<byte> EscapeSequence => [0x00, 0x00, 0x03];

    /// <summary>
    /// Copies <paramref name="nal"/> to <paramref name="destination"/> without emulation prevention bytes and returns
    /// the bytes written. A destination as long as <paramref name="nal"/> always suffices.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        if (destination.Length < nal.Length)
        {
            throw new ArgumentException("Destination must be at least as long as the NAL unit.", nameof(destination));
        }

        int written = 0;
        var rest = nal;
        while (true)
        {
            // Vectorised search: escapes are rare, so most NALs are a single copy.
            int index = rest.IndexOf(EscapeSequence);
            if (index < 0)
            {
                rest.CopyTo(destination[written..]);
                return written + rest.Length;
            }

            // Keep the two zeros, drop the 03. Matching resumes after it, as in the spec's
            // byte-by-byte procedure: the 03 ends the zero run.
            rest[..(index + 2)].CopyTo(destination[written..]);
            written += index + 2;
            rest = rest[(index + 3)..];
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Srs.Actors.Rtsp.Base;

/// <summary>
/// Reads RTSP messages and interleaved frames off a byte stream in Kestrel's shape: each <c>TryRead</c> consumes
/// nothing until a whole unit is buffered, so split reads need no special case. Bounded: a head over
/// <see cref="MaxHeadSize"/> or a body over <see cref="MaxBodySize"/> is a protocol error, never a growing buffer.
/// </summary>
public static class RtspMessageReader
{
    public const int MaxHeadSize = 16 * 1024;
    public const int MaxBodySize = 256 * 1024;
    public const int MaxHeaders = 64;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>True when the next byte starts an interleaved frame rather than a message.</summary>
    public static bool InterleavedNext(in SequenceReader<byte> reader) => reader.TryPeek(out byte b) && b == InterleavedFrame.Magic;

    /// <summary>An interleaved frame; its payload is a slice of the buffer.</summary>
    public static bool TryReadInterleaved(ref SequenceReader<byte> reader, out InterleavedFrame frame)
    {
        frame = default;
        if (reader.Remaining < 4) return false;
        var probe = reader;
        probe.TryRead(out byte magic);
        if (magic != InterleavedFrame.Magic) throw new RtspProtocolException($"expected an interleaved frame, got byte 0x{magic:x2}");
        probe.TryRead(out byte channel);
        probe.TryReadBigEndian(out short length);
        int size = (ushort)length;
        if (probe.Remaining < size) return false;
        frame = new InterleavedFrame(channel, probe.UnreadSequence.Slice(0, size));
        probe.Advance(size);
        reader = probe;
        return true;
    }

    public static bool TryReadResponse(ref SequenceReader<byte> reader, out RtspResponse? response)
    {
        response = null;
        if (!TryReadHead(ref reader, out var lines, out var headers, out var body)) return false;
        var parts = lines.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("RTSP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status) || status is < 100 or > 999)
            throw new RtspProtocolException($"not an RTSP status line: '{Printable(lines)}'");
        response = new RtspResponse(status, parts.Length > 2 ? parts[2] : "", headers, body);
        return true;
    }

    public static bool TryReadRequest(ref SequenceReader<byte> reader, out RtspRequest? request)
    {
        request = null;
        if (!TryReadHead(ref reader, out var line, out var headers, out var body)) return false;
        var parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("RTSP/", StringComparison.Ordinal) || parts[0].Length == 0)
            throw new RtspProtocolException($"not an RTSP request line: '{Printable(line)}'");
        request = new RtspRequest(parts[0], parts[1], headers, body);
        return true;
    }

    private static bool TryReadHead(ref SequenceReader<byte> reader, out string startLine, out RtspHeaders headers, out byte[] body)
    {
        startLine = "";
        headers = null!;
        body = [];
        var probe = reader;
        if (!probe.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead, advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxHeadSize) throw new RtspProtocolException($"no end of the message head within {MaxHeadSize} bytes");
            return false;
        }
        if (head.Length > MaxHeadSize) throw new RtspProtocolException($"a message head of {head.Length} bytes");
        var text = Encoding.UTF8.GetString(head);
        var lines = text.Split("\r\n");
        headers = new RtspHeaders();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].AsSpan().IndexOfAny('\r', '\n') >= 0) throw new RtspProtocolException($"a bare CR or LF in a header line: '{Printable(lines[i])}'");
            int colon = lines[i].IndexOf(':');
            if (colon <= 0) throw new RtspProtocolException($"a header line without a name: '{Printable(lines[i])}'");
            if (headers.Count >= MaxHeaders) throw new RtspProtocolException($"over {MaxHeaders} header lines");
            headers.Add(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim());
        }
        int length = 0;
        if (headers["Content-Length"] is { } declared
            && (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaxBodySize))
            throw new RtspProtocolException($"Content-Length '{Printable(declared)}' (at most {MaxBodySize})");
        if (probe.Remaining < length) return false;
        body = probe.UnreadSequence.Slice(0, length).ToArray();
        probe.Advance(length);
        startLine = lines[0];
        reader = probe;
        return true;
    }

    internal static byte[] Concat(byte[] head, byte[] body)
    {
        if (body.Length == 0) return head;
        var all = new byte[head.Length + body.Length];
        head.CopyTo(all, 0);
        body.CopyTo(all, head.Length);
        return all;
    }

    /// <summary>At most 80 characters of what the peer sent, control characters shown as '?', for a log line.</summary>
    private static string Printable(string s)
    {
        var cut = s.Length > 80 ? s[..80] + "..." : s;
        return string.Create(cut.Length, cut, (span, source) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
    }
}

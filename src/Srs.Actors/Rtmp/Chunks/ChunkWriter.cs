using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Srs.Actors.Rtmp.Chunks;

/// <summary>Cuts outbound messages into RTMP chunks (spec section 5.3).</summary>
/// <remarks>
/// Every message starts with a fmt 0 chunk, never the compressed fmt 1/2 forms: the writer keeps no per-connection
/// state, so one encoding of a media message can be sent unchanged to every player whatever it was sent before,
/// and a player that joins mid-stream never depends on a header it did not see. The cost is 7-11 bytes per message.
/// </remarks>
public static class ChunkWriter
{
    /// <summary>Ids 0 and 1 are escape values of the basic header; 2 is the lowest real chunk stream id.</summary>
    public const uint MinChunkStreamId = 2;

    /// <summary>The highest id the 3-byte basic header can express (64 + 65535).</summary>
    public const uint MaxChunkStreamId = 65599;

    /// <summary>The message length field is 24 bits.</summary>
    public const int MaxPayloadLength = 0xFFFFFF;

    private const uint ExtendedTimestampMarker = 0xFFFFFF;

    // 3-byte basic header + 11-byte message header + 4-byte extended timestamp.
    private const int MaxFirstHeaderLength = 18;

    // 3-byte basic header + 4-byte extended timestamp.
    private const int MaxContinuationHeaderLength = 7;

    /// <summary>
    /// Writes <paramref name="message"/> as chunks: a fmt 0 chunk with the absolute timestamp, then fmt 3 chunks.
    /// When the timestamp needs the extended field, every fmt 3 chunk repeats it, as the spec says and as ffmpeg,
    /// SRS and Flash expect when they read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The chunk stream id is outside 2..65599, the chunk size is not positive, or the payload exceeds 0xFFFFFF bytes.
    /// </exception>
    public static void Write(IBufferWriter<byte> output, RtmpMessage message, uint chunkStreamId, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        WriteChunks(ref output, message, chunkStreamId, chunkSize);
    }

    /// <summary>The exact number of bytes <see cref="Write"/> produces for such a message.</summary>
    public static int GetEncodedLength(int payloadLength, uint timestamp, uint chunkStreamId, int chunkSize)
    {
        Validate(payloadLength, chunkStreamId, chunkSize);
        int basicHeader = GetBasicHeaderLength(chunkStreamId);
        int extended = timestamp >= ExtendedTimestampMarker ? 4 : 0;
        // A zero-length message is still one chunk (a header with no payload).
        int chunks = payloadLength == 0 ? 1 : ((payloadLength - 1) / chunkSize) + 1;
        // Cannot overflow: at most 16M chunks of at most 7 header bytes each.
        return basicHeader + 11 + extended + payloadLength + ((chunks - 1) * (basicHeader + extended));
    }

    /// <summary>Encodes <paramref name="message"/> into a new array of exactly the encoded length.</summary>
    public static byte[] Encode(RtmpMessage message, uint chunkStreamId, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new byte[GetEncodedLength(message.Payload.Length, message.Timestamp, chunkStreamId, chunkSize)];
        var writer = new ArrayWriter(buffer);
        WriteChunks(ref writer, message, chunkStreamId, chunkSize);
        Debug.Assert(writer.Written == buffer.Length, "GetEncodedLength and WriteChunks disagree.");
        return buffer;
    }

    // Generic over the writer so that Encode's struct writer is called without boxing or interface dispatch.
    private static void WriteChunks<TWriter>(ref TWriter output, RtmpMessage message, uint chunkStreamId, int chunkSize)
        where TWriter : IBufferWriter<byte>
    {
        var payload = message.Payload.Span;
        Validate(payload.Length, chunkStreamId, chunkSize);
        uint timestamp = message.Timestamp;
        bool extended = timestamp >= ExtendedTimestampMarker;

        Span<byte> first = stackalloc byte[MaxFirstHeaderLength];
        int length = WriteBasicHeader(first, 0, chunkStreamId);
        WriteUInt24(first[length..], extended ? ExtendedTimestampMarker : timestamp);
        WriteUInt24(first[(length + 3)..], (uint)payload.Length);
        first[length + 6] = message.TypeId;
        // The only little-endian field in RTMP.
        BinaryPrimitives.WriteUInt32LittleEndian(first[(length + 7)..], message.StreamId);
        length += 11;
        if (extended)
        {
            BinaryPrimitives.WriteUInt32BigEndian(first[length..], timestamp);
            length += 4;
        }

        Put(ref output, first[..length]);
        int count = Math.Min(chunkSize, payload.Length);
        Put(ref output, payload[..count]);
        if (count == payload.Length)
        {
            return;
        }

        Span<byte> continuation = stackalloc byte[MaxContinuationHeaderLength];
        int continuationLength = WriteBasicHeader(continuation, 3, chunkStreamId);
        if (extended)
        {
            BinaryPrimitives.WriteUInt32BigEndian(continuation[continuationLength..], timestamp);
            continuationLength += 4;
        }

        for (int offset = count; offset < payload.Length; offset += count)
        {
            count = Math.Min(chunkSize, payload.Length - offset);
            Put(ref output, continuation[..continuationLength]);
            Put(ref output, payload.Slice(offset, count));
        }
    }

    /// <summary>Writes the 1, 2 or 3-byte basic header (spec 5.3.1.1) and returns its length.</summary>
    private static int WriteBasicHeader(Span<byte> destination, int fmt, uint chunkStreamId)
    {
        byte fmtBits = (byte)(fmt << 6);
        if (chunkStreamId < 64)
        {
            destination[0] = (byte)(fmtBits | chunkStreamId);
            return 1;
        }

        uint offset = chunkStreamId - 64;
        if (offset < 256)
        {
            destination[0] = fmtBits;
            destination[1] = (byte)offset;
            return 2;
        }

        // The 3-byte form stores the id minus 64 low byte first.
        destination[0] = (byte)(fmtBits | 1);
        destination[1] = (byte)offset;
        destination[2] = (byte)(offset >> 8);
        return 3;
    }

    private static int GetBasicHeaderLength(uint chunkStreamId) => chunkStreamId < 64 ? 1 : chunkStreamId < 320 ? 2 : 3;

    private static void WriteUInt24(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    /// <summary>Copies into whatever spans the writer offers, so a large chunk never forces one huge contiguous buffer.</summary>
    private static void Put<TWriter>(ref TWriter output, ReadOnlySpan<byte> data)
        where TWriter : IBufferWriter<byte>
    {
        while (!data.IsEmpty)
        {
            var span = output.GetSpan();
            int count = Math.Min(span.Length, data.Length);
            data[..count].CopyTo(span);
            output.Advance(count);
            data = data[count..];
        }
    }

    private static void Validate(int payloadLength, uint chunkStreamId, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkStreamId, MinChunkStreamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkStreamId, MaxChunkStreamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over an array already sized by <see cref="GetEncodedLength"/>.</summary>
    private struct ArrayWriter(byte[] buffer) : IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(Reserve(sizeHint));

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(Reserve(sizeHint));

        private readonly int Reserve(int sizeHint)
        {
            // A too-small array is a bug in GetEncodedLength; fail loudly rather than spin in Put.
            if (buffer.Length - Written < Math.Max(sizeHint, 1))
            {
                throw new InvalidOperationException("The encoded length was computed too small.");
            }

            return Written;
        }
    }
}

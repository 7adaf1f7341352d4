using System.Buffers;
using System.Buffers.Binary;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Chunks;

/// <summary>
/// Reassembles inbound RTMP chunks (spec section 5.3) into messages, one connection's worth of state.
/// </summary>
/// <remarks>
/// Shaped like Kestrel's parsers: the caller hands in whatever bytes the <see cref="System.IO.Pipelines.PipeReader"/>
/// has, and only whole chunks are consumed. A chunk that has not fully arrived leaves the reader exactly where it was
/// and changes no state, so the caller can <c>AdvanceTo(reader.Position, buffer.End)</c> and call again with more.
/// Not thread-safe; one connection reads from one place.
/// </remarks>
public sealed class ChunkReader
{
    /// <summary>Every RTMP connection starts with 128-byte chunks (spec 5.4.1).</summary>
    public const int DefaultChunkSize = 128;

    /// <summary>A 24-bit timestamp field of all ones means "the real value follows in 4 more bytes".</summary>
    private const uint ExtendedTimestampMarker = 0xFFFFFF;

    /// <summary>Ids 2..63 fit the 1-byte basic header and carry nearly all real traffic, so they get an array slot.</summary>
    private const int DirectSlots = 64;

    private int maxMessageSize;
    private readonly int minChunkSize;

    /// <summary>
    /// A message's payload array starts at most this large and doubles as its chunks arrive, up to its declared
    /// length. Allocating the declared length from the 12-byte header would let a peer that sends one header and a
    /// 128-byte chunk cost 16 MB: twenty such connections exhausted a node under the systemd unit's 96 MB heap limit.
    /// Now memory follows the bytes received. 64 KB holds most video frames of a camera stream whole.
    /// </summary>
    private const int InitialPayloadBytes = 64 * 1024;

    private readonly ChunkStream?[] direct = new ChunkStream?[DirectSlots];
    private Dictionary<uint, ChunkStream>? overflow;
    private long pendingBytes;
    private int chunkSize = DefaultChunkSize;

    /// <param name="maxMessageSize">Largest message accepted; a header declaring more is a protocol error.</param>
    /// <param name="minChunkSize">
    /// Smallest chunk size the peer may set. Each chunk costs a header and a pass through the reader, so a peer that
    /// sets 1 makes every byte of its media a chunk; servers refuse that (SRS: below 128), clients need not.
    /// </param>
    public ChunkReader(int maxMessageSize = 16 * 1024 * 1024, int minChunkSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minChunkSize);
        this.maxMessageSize = maxMessageSize;
        this.minChunkSize = minChunkSize;
    }

    /// <summary>
    /// Largest message accepted from the next chunk on; a header declaring more is a protocol error. A server raises
    /// it once a client turns publisher (commands are small, media is not).
    /// </summary>
    public int MaxMessageSize
    {
        get => this.maxMessageSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            this.maxMessageSize = value;
        }
    }

    /// <summary>
    /// Bounds the declared lengths of messages that have not finished arriving, over all chunk streams, so a peer
    /// cannot open thousands of chunk streams each with a huge message in progress: room for a maximal message on
    /// one chunk stream while another (audio next to video) is mid-message too.
    /// </summary>
    private long MaxPendingBytes => 2L * this.maxMessageSize;

    /// <summary>
    /// The inbound chunk size. Starts at 128 and follows the peer's Set Chunk Size messages, which the reader applies
    /// itself. The spec allows 1..2^31-1; sizes above 0xFFFFFF behave like 0xFFFFFF since no message is longer.
    /// </summary>
    /// <exception cref="RtmpProtocolException">The value is 0 or negative, or below the minimum this reader was given.</exception>
    public int ChunkSize
    {
        get => chunkSize;
        set
        {
            if (value <= 0)
            {
                throw new RtmpProtocolException($"Chunk size {value} is out of range; it must be 1..2147483647.");
            }

            if (value < this.minChunkSize)
            {
                throw new RtmpProtocolException($"Chunk size {value} is below the minimum {this.minChunkSize} this server accepts.");
            }

            chunkSize = value;
        }
    }

    /// <summary>Total bytes consumed so far, for the Acknowledgement sequence number.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Consumes whole chunks until one message is complete. Chunks of other chunk streams may be consumed on the way
    /// (their partial messages are kept). Set Chunk Size and Abort messages are applied as soon as they complete, and
    /// are returned as well so the session can see them.
    /// </summary>
    /// <returns>True with the message; false when the buffered bytes end before a message completes.</returns>
    /// <exception cref="RtmpProtocolException">The peer broke the chunking rules.</exception>
    public bool TryReadMessage(ref SequenceReader<byte> reader, out RtmpMessage? message)
    {
        while (TryReadChunk(ref reader, out message))
        {
            if (message is not null)
            {
                return true;
            }
        }

        message = null;
        return false;
    }

    /// <summary>Drops the partially received message on a chunk stream (spec 5.4.2). Its header state is kept.</summary>
    public void Abort(uint chunkStreamId)
    {
        var stream = Find(chunkStreamId);
        if (stream?.Payload is null)
        {
            return;
        }

        pendingBytes -= stream.Length;
        stream.Payload = null;
        stream.Received = 0;
    }

    /// <summary>
    /// Reads one chunk. Returns false, consuming nothing and changing nothing, if the chunk is not all there;
    /// returns true once it is consumed, with <paramref name="message"/> set if that chunk completed one.
    /// </summary>
    private bool TryReadChunk(ref SequenceReader<byte> reader, out RtmpMessage? message)
    {
        message = null;

        // Work on a copy so that an incomplete chunk leaves the caller's reader untouched.
        var r = reader;

        // Basic header: fmt in the top 2 bits; csid 0 and 1 escape to 2- and 3-byte forms (spec 5.3.1.1).
        if (!r.TryRead(out byte first))
        {
            return false;
        }

        int fmt = first >> 6;
        uint csid = (uint)(first & 0x3F);
        if (csid == 0)
        {
            if (!r.TryRead(out byte low))
            {
                return false;
            }

            csid = 64u + low;
        }
        else if (csid == 1)
        {
            if (!r.TryRead(out byte low) || !r.TryRead(out byte high))
            {
                return false;
            }

            csid = 64u + low + ((uint)high << 8);
        }

        // Message header: 11, 7, 3 or 0 bytes by fmt (spec 5.3.1.2).
        int headerLength = fmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        Span<byte> header = stackalloc byte[11];
        header = header[..headerLength];
        if (!r.TryCopyTo(header))
        {
            return false;
        }

        r.Advance(headerLength);

        var stream = Find(csid);
        if (stream is null && fmt != 0)
        {
            throw new RtmpProtocolException(
                $"Chunk stream {csid} starts with a fmt {fmt} chunk; there is no previous header for it to inherit from.");
        }

        bool starting = stream?.Payload is null;
        if (!starting && fmt == 0)
        {
            throw new RtmpProtocolException(
                $"fmt 0 chunk on chunk stream {csid} while a {stream!.Length}-byte message is in progress ({stream.Received} bytes received).");
        }

        uint timestampField;
        int length;
        byte typeId;
        uint streamId;
        bool extended;
        if (fmt == 3)
        {
            timestampField = stream!.TimestampField;
            length = stream.Length;
            typeId = stream.TypeId;
            streamId = stream.StreamId;
            extended = stream.HasExtendedTimestamp;
            if (extended)
            {
                // The spec repeats the extended timestamp on fmt 3 chunks, but some encoders leave it out. As SRS does,
                // take the next 4 bytes as the repeat only when they equal it; otherwise they are payload.
                var peek = r;
                if (!peek.TryReadBigEndian(out int repeated))
                {
                    return false;
                }

                if ((uint)repeated == timestampField)
                {
                    r = peek;
                }
            }
        }
        else
        {
            timestampField = ReadUInt24(header);
            if (fmt == 2)
            {
                length = stream!.Length;
                typeId = stream.TypeId;
                streamId = stream.StreamId;
            }
            else
            {
                length = (int)ReadUInt24(header[3..]);
                typeId = header[6];
                // The only little-endian field in RTMP.
                streamId = fmt == 0 ? BinaryPrimitives.ReadUInt32LittleEndian(header[7..]) : stream!.StreamId;
                if (length > this.maxMessageSize)
                {
                    throw new RtmpProtocolException(
                        $"Message of {length} bytes on chunk stream {csid} exceeds the {this.maxMessageSize}-byte limit.");
                }
            }

            extended = timestampField == ExtendedTimestampMarker;
            if (extended)
            {
                // On fmt 0 this is the absolute timestamp, on fmt 1/2 the delta (spec 5.3.1.3).
                if (!r.TryReadBigEndian(out int full))
                {
                    return false;
                }

                timestampField = (uint)full;
            }
        }

        if (!starting && length != stream!.Length)
        {
            throw new RtmpProtocolException(
                $"Message length changed from {stream.Length} to {length} bytes in the middle of a message on chunk stream {csid} ({stream.Received} bytes received).");
        }

        int received = starting ? 0 : stream!.Received;
        int count = Math.Min(length - received, chunkSize);
        if (r.Remaining < count)
        {
            return false;
        }

        if (starting && pendingBytes + length > MaxPendingBytes)
        {
            throw new RtmpProtocolException(
                $"Message of {length} bytes on chunk stream {csid} would bring partially received messages to {pendingBytes + length} bytes, over the {MaxPendingBytes}-byte limit.");
        }

        // The whole chunk is here: from this point on state changes and bytes are consumed.
        if (stream is null)
        {
            stream = new ChunkStream();
            Add(csid, stream);
        }

        if (fmt != 3)
        {
            stream.TimestampField = timestampField;
            stream.HasExtendedTimestamp = extended;
        }

        if (starting)
        {
            // fmt 0 carries the absolute timestamp; fmt 1/2 a delta; a fmt 3 chunk that starts a message adds the
            // previous timestamp field again (spec 5.3.1.2.4; after a fmt 0 that is its timestamp, as in ffmpeg and SRS).
            stream.Timestamp = fmt == 0 ? timestampField : unchecked(stream.Timestamp + timestampField);
            stream.Length = length;
            stream.TypeId = typeId;
            stream.StreamId = streamId;
            // One array per message, ending at its declared size: it becomes the message's payload with no further copy.
            stream.Payload = length == 0 ? [] : new byte[Math.Min(length, InitialPayloadBytes)];
            stream.Received = 0;
            pendingBytes += length;
        }

        if (received + count > stream.Payload!.Length)
        {
            // Doubling keeps the copies under the message's size in all; the last step lands on the declared length exactly.
            Array.Resize(ref stream.Payload, Math.Min(length, Math.Max(2 * stream.Payload.Length, received + count)));
        }

        byte[] payload = stream.Payload;
        r.TryCopyTo(payload.AsSpan(received, count));
        r.Advance(count);
        stream.Received = received + count;
        BytesRead += r.Consumed - reader.Consumed;
        reader = r;

        if (stream.Received < stream.Length)
        {
            return true;
        }

        message = new RtmpMessage(stream.TypeId, stream.StreamId, stream.Timestamp, payload);
        pendingBytes -= stream.Length;
        stream.Payload = null;
        stream.Received = 0;
        ApplyProtocolControl(message);
        return true;
    }

    /// <summary>
    /// Set Chunk Size changes how the very next chunk is cut and Abort changes what the next chunk continues, so both
    /// must take effect here rather than whenever the session gets round to them.
    /// </summary>
    private void ApplyProtocolControl(RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case MessageType.SetChunkSize:
                ChunkSize = SetChunkSize.Read(message.Payload.Span).Size;
                break;
            case MessageType.Abort:
                Abort(AbortMessage.Read(message.Payload.Span).ChunkStreamId);
                break;
        }
    }

    private static uint ReadUInt24(ReadOnlySpan<byte> source) => (uint)(source[0] << 16 | source[1] << 8 | source[2]);

    private ChunkStream? Find(uint csid)
    {
        if (csid < DirectSlots)
        {
            return direct[csid];
        }

        return overflow is not null && overflow.TryGetValue(csid, out var stream) ? stream : null;
    }

    private void Add(uint csid, ChunkStream stream)
    {
        if (csid < DirectSlots)
        {
            direct[csid] = stream;
        }
        else
        {
            (overflow ??= new Dictionary<uint, ChunkStream>())[csid] = stream;
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Sequential FLV file reader over any <see cref="Stream"/> (seekable or not). Offsets in error messages
/// are counted from the first byte this reader consumed, so they match a hex dump of a file.
/// Not thread-safe: one reader, one consumer.
/// </summary>
public sealed class FlvReader
{
    private const int SkipChunk = 16 * 1024;

    private readonly Stream input;
    /// <summary>Where a tag body's buffer starts (<see cref="ReadBodyAsync"/>): above most video tags of a camera stream.</summary>
    private const int InitialBodyBuffer = 256 * 1024;

    private readonly byte[] scratch = new byte[FlvFormat.TagHeaderSize];
    private long offset;
    private bool headerRead;
    private bool hasAudio;
    private bool hasVideo;

    public FlvReader(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        this.input = input;
    }

    /// <summary>
    /// The header's audio flag. Reads the header synchronously if no tag has been read yet; on network
    /// streams prefer asking after the first <see cref="ReadTagAsync"/>.
    /// </summary>
    public bool HasAudio
    {
        get
        {
            EnsureHeader();
            return hasAudio;
        }
    }

    /// <summary>The header's video flag; see <see cref="HasAudio"/> about when the header is read.</summary>
    public bool HasVideo
    {
        get
        {
            EnsureHeader();
            return hasVideo;
        }
    }

    /// <summary>
    /// The next audio, video or script tag; tags of any other type are skipped. Returns null when the
    /// stream ends exactly at a tag boundary, and throws <see cref="InvalidDataException"/> when it ends
    /// inside a header, tag or PreviousTagSize, or when the file header is not FLV version 1.
    /// </summary>
    public async ValueTask<FlvTag?> ReadTagAsync(CancellationToken ct = default)
    {
        if (!headerRead)
        {
            await ReadHeaderAsync(ct).ConfigureAwait(false);
        }

        while (true)
        {
            long tagOffset = this.offset;
            int got = await FillAsync(scratch, ct).ConfigureAwait(false);
            if (got == 0)
            {
                return null;
            }

            if (got < FlvFormat.TagHeaderSize)
            {
                throw Truncated("tag header", tagOffset, FlvFormat.TagHeaderSize, got);
            }

            byte typeByte = scratch[0];
            // The Filter bit marks an encrypted body; handing ciphertext to a decoder would only move the failure.
            if ((typeByte & 0x20) != 0)
            {
                throw new InvalidDataException($"FLV tag at offset {tagOffset} is encrypted (Filter bit set), which is not supported.");
            }

            int type = typeByte & 0x1F;
            int dataSize = ReadUInt24(scratch.AsSpan(1));
            uint timestamp = (uint)ReadUInt24(scratch.AsSpan(4)) | ((uint)scratch[7] << 24);
            long bodyOffset = this.offset;

            if (type is (int)MediaKind.Audio or (int)MediaKind.Video or (int)MediaKind.Script)
            {
                (byte[] body, got) = await ReadBodyAsync(dataSize, ct).ConfigureAwait(false);
                if (got < dataSize)
                {
                    throw Truncated($"body of tag at offset {tagOffset}", bodyOffset, dataSize, got);
                }

                await ReadPreviousTagSizeAsync(tagOffset, ct).ConfigureAwait(false);
                return new FlvTag((MediaKind)type, timestamp, body);
            }

            got = await SkipAsync(dataSize, ct).ConfigureAwait(false);
            if (got < dataSize)
            {
                throw Truncated($"body of tag at offset {tagOffset} (type {type})", bodyOffset, dataSize, got);
            }

            await ReadPreviousTagSizeAsync(tagOffset, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask ReadHeaderAsync(CancellationToken ct)
    {
        var header = new byte[FlvFormat.HeaderSize];
        int got = await FillAsync(header, ct).ConfigureAwait(false);
        int remainder = AcceptHeader(header, got);
        got = await SkipAsync(remainder, ct).ConfigureAwait(false);
        FinishHeader(remainder, got);
    }

    private void EnsureHeader()
    {
        if (headerRead)
        {
            return;
        }

        Span<byte> header = stackalloc byte[FlvFormat.HeaderSize];
        int got = this.input.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        this.offset += got;
        int remainder = AcceptHeader(header, got);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(remainder, SkipChunk));
        try
        {
            int skipped = 0;
            while (skipped < remainder)
            {
                int n = this.input.Read(buffer, 0, Math.Min(buffer.Length, remainder - skipped));
                if (n == 0)
                {
                    break;
                }

                skipped += n;
                this.offset += n;
            }

            FinishHeader(remainder, skipped);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Validates the 9 header bytes; returns how many bytes follow before the first tag (extra header + PreviousTagSize0).</summary>
    private int AcceptHeader(ReadOnlySpan<byte> header, int got)
    {
        if (got < FlvFormat.HeaderSize)
        {
            throw Truncated("file header", 0, FlvFormat.HeaderSize, got);
        }

        if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V')
        {
            throw new InvalidDataException(
                $"Not an FLV file: signature at offset 0 is {Convert.ToHexString(header[..3])}, expected 464C56 ('FLV').");
        }

        if (header[3] != FlvFormat.Version)
        {
            throw new InvalidDataException($"Unsupported FLV version {header[3]} at offset 3; only version 1 exists.");
        }

        uint dataOffset = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        // DataOffset lets future versions grow the header; anything shorter than version 1's is corrupt,
        // and a huge value is more likely garbage than a header we should skip megabytes for.
        if (dataOffset < FlvFormat.HeaderSize || dataOffset > 1024 * 1024)
        {
            throw new InvalidDataException($"FLV header at offset 5 has implausible DataOffset {dataOffset}.");
        }

        hasAudio = (header[4] & FlvFormat.FlagAudio) != 0;
        hasVideo = (header[4] & FlvFormat.FlagVideo) != 0;
        return (int)dataOffset - FlvFormat.HeaderSize + FlvFormat.PreviousTagSizeSize;
    }

    private void FinishHeader(int expected, int got)
    {
        if (got < expected)
        {
            throw Truncated("file header / PreviousTagSize0", FlvFormat.HeaderSize, expected, got);
        }

        headerRead = true;
    }

    // PreviousTagSize is redundant (it lets players walk backwards); writers disagree often enough on
    // its exact value that we only require it to be present, not correct.
    private async ValueTask ReadPreviousTagSizeAsync(long tagOffset, CancellationToken ct)
    {
        long offset = this.offset;
        int got = await FillAsync(scratch.AsMemory(0, FlvFormat.PreviousTagSizeSize), ct).ConfigureAwait(false);
        if (got < FlvFormat.PreviousTagSizeSize)
        {
            throw Truncated($"PreviousTagSize of tag at offset {tagOffset}", offset, FlvFormat.PreviousTagSizeSize, got);
        }
    }

    /// <summary>
    /// A tag body of <paramref name="size"/> bytes, and how many came. A tag may declare up to 16 MB, and a
    /// truncated or lying file must not cost that up front: the buffer starts at <see cref="InitialBodyBuffer"/>
    /// and doubles only as bytes arrive, so memory follows what the input holds (at most twice it, once).
    /// </summary>
    private async ValueTask<(byte[] Body, int Got)> ReadBodyAsync(int size, CancellationToken ct)
    {
        var body = new byte[Math.Min(size, InitialBodyBuffer)];
        int got = 0;
        while (true)
        {
            int n = await FillAsync(body.AsMemory(got), ct).ConfigureAwait(false);
            got += n;
            if (got == size || got < body.Length) return (body, got); // whole, or the input ended
            Array.Resize(ref body, (int)Math.Min((long)body.Length * 2, size));
        }
    }

    private async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken ct)
    {
        int got = await this.input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        this.offset += got;
        return got;
    }

    // Reads and discards rather than seeking, so non-seekable streams work and truncation is still detected.
    private async ValueTask<int> SkipAsync(int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return 0;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(count, SkipChunk));
        try
        {
            int skipped = 0;
            while (skipped < count)
            {
                int n = await this.input.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, count - skipped)), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                skipped += n;
                this.offset += n;
            }

            return skipped;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadUInt24(ReadOnlySpan<byte> source) => (source[0] << 16) | (source[1] << 8) | source[2];

    private InvalidDataException Truncated(string what, long offset, int expected, int got) =>
        new($"FLV {what} at offset {offset} is truncated: expected {expected} bytes, the stream ended after {got} (at offset {this.offset}).");
}

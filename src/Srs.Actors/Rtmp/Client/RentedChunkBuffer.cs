using System.Buffers;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over an array rented for one send, sized exactly by
/// <see cref="Chunks.ChunkWriter.GetEncodedLength"/>, so encoding a message allocates nothing. One instance per
/// client, used only under its write lock.
/// </summary>
internal sealed class RentedChunkBuffer : IBufferWriter<byte>
{
    private byte[] array = [];

    public int Written { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => this.array.AsMemory(0, Written);

    /// <summary>Rents room for <paramref name="length"/> bytes; pair with <see cref="Release"/>.</summary>
    public void Rent(int length)
    {
        this.array = ArrayPool<byte>.Shared.Rent(length);
        Written = 0;
    }

    public void Release()
    {
        if (this.array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(this.array);
        }

        this.array = [];
        Written = 0;
    }

    public void Advance(int count) => Written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => this.array.AsMemory(Reserve(sizeHint));

    public Span<byte> GetSpan(int sizeHint = 0) => this.array.AsSpan(Reserve(sizeHint));

    private int Reserve(int sizeHint)
    {
        // The length was computed up front; running out means that computation is wrong, so fail loudly.
        if (this.array.Length - Written < Math.Max(sizeHint, 1))
        {
            throw new InvalidOperationException("The rented chunk buffer was sized too small.");
        }

        return Written;
    }
}

namespace Srs.Fuzz.Targets;

/// <summary>
/// A read-only, non-seekable stream that hands out its data a little at a time, as a slow socket does, so readers
/// must assemble structures across reads: at most <c>step</c> bytes per read, or as many as <c>maxAt</c> allows
/// for a read starting at a given position (the fuzz targets and the unit tests both use it).
/// </summary>
public class TrickleStream(byte[] data, Func<int, int> maxAt) : Stream
{
    private int position;

    public TrickleStream(byte[] data, int step)
        : this(data, _ => step)
    {
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(maxAt(this.position), buffer.Length), data.Length - this.position);
        data.AsSpan(this.position, n).CopyTo(buffer);
        this.position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

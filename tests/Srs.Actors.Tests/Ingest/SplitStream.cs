namespace Srs.Actors.Tests.Ingest;

/// <summary>A non-seekable stream that hands out its data in the given pieces, one piece per read at most.</summary>
internal sealed class SplitStream(byte[] data, params int[] cuts) : Stream
{
    private int position, piece;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int end = piece < cuts.Length ? cuts[piece] : data.Length;
        int n = Math.Min(buffer.Length, end - position);
        data.AsSpan(position, n).CopyTo(buffer);
        position += n;
        if (position == end) piece++;
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

using System.Buffers;
using System.IO.Pipelines;
using Srs.Actors.Media;

namespace Srs.Actors.Ingest;

/// <summary>
/// Reads a raw H.264 Annex B byte stream (a file, a camera's pipe, a TCP connection) access unit by access unit.
/// The same access units come out however the bytes are split across reads. An access unit is returned once the
/// first NAL of the next one has arrived whole, so a live stream is one NAL behind (none with delimiters).
/// </summary>
/// <remarks>Throws <see cref="InvalidDataException"/> when no SPS turns up within the limit (not H.264) or a
/// NAL/access unit outgrows <see cref="RawH264Limits.MaxAccessUnitSize"/>. One reader, one caller.</remarks>
public sealed class RawH264Reader
{
    private readonly PipeReader input;
    private readonly RawH264Limits limits;
    private readonly AccessUnitSplitter splitter = new();
    private readonly Queue<AccessUnit> ready = new();
    private long consumed, received;

    // Bytes of the pending NAL already searched for its end: the next read resumes there instead of rescanning.
    private long searched;
    private bool ended;

    public RawH264Reader(PipeReader input, RawH264Limits? limits = null)
    {
        this.input = input ?? throw new ArgumentNullException(nameof(input));
        this.limits = limits ?? RawH264Limits.Default;
    }

    /// <summary>A reader over <paramref name="stream"/>, which it does not close.</summary>
    public static RawH264Reader FromStream(Stream stream, RawH264Limits? limits = null) =>
        new(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true)), limits);

    /// <summary>Bytes received from the input so far, garbage included.</summary>
    public long BytesRead => received;

    /// <summary>Whether an SPS has been seen: the input is H.264.</summary>
    public bool SawSps { get; private set; }

    /// <summary>The next access unit, or null at the end of the input.</summary>
    public async ValueTask<AccessUnit?> ReadAsync(CancellationToken ct = default)
    {
        while (true)
        {
            if (ready.TryDequeue(out var unit)) return unit;
            if (ended) return null;
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var position = Parse(buffer, result.IsCompleted);
            consumed += buffer.Slice(0, position).Length;
            long pending = buffer.Length - buffer.Slice(0, position).Length;
            received = consumed + pending;
            input.AdvanceTo(position, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                ended = true;
                await input.CompleteAsync().ConfigureAwait(false);
                if (!SawSps) throw new InvalidDataException($"not an H.264 Annex B byte stream: no SPS in all of its {received} bytes");
                continue;
            }
            if (!SawSps && received > limits.MaxBytesBeforeSps)
                throw new InvalidDataException($"not an H.264 Annex B byte stream: no SPS in the first {Megabytes(limits.MaxBytesBeforeSps)}");
            if (pending + splitter.PendingBytes > limits.MaxAccessUnitSize)
                throw new InvalidDataException($"an H.264 access unit grew over {Megabytes(limits.MaxAccessUnitSize)} (no start code or no picture boundary)");
        }
    }

    /// <summary>Takes every complete NAL unit out of <paramref name="buffer"/> (all of them at the end of input).</summary>
    private SequencePosition Parse(ReadOnlySequence<byte> buffer, bool final)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (AnnexB.TryReadNalUnit(ref reader, out var nal, searched))
        {
            searched = 0;
            Accept(nal);
        }
        searched = AnnexB.SearchedPastStartCode(reader);
        if (final)
        {
            while (AnnexB.FlushLast(ref reader, out var nal)) Accept(nal);
            if (splitter.Flush() is { } last) ready.Enqueue(last);
        }
        else if (splitter.EndBefore(NextHead(reader, stackalloc byte[2])) is { } complete)
        {
            // The next NAL's header already says a new picture starts: no need to wait for that NAL's end.
            ready.Enqueue(complete);
        }
        return reader.Position;
    }

    /// <summary>The first bytes of the NAL unit that starts at the start code under <paramref name="reader"/>, as many as have arrived.</summary>
    private static ReadOnlySpan<byte> NextHead(SequenceReader<byte> reader, Span<byte> head)
    {
        // TryReadNalUnit leaves the reader on the 00 00 01 that ends the last NAL (its extra zeros already trimmed).
        if (!reader.IsNext(StartCode, advancePast: true)) return [];
        int n = (int)Math.Min(head.Length, reader.Remaining);
        return reader.TryCopyTo(head[..n]) ? head[..n] : [];
    }

    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x01];

    private void Accept(ReadOnlySequence<byte> nal)
    {
        // Copied: the pipe reuses its buffers once they are consumed.
        var bytes = nal.ToArray();
        if (AccessUnit.TypeOf(bytes) == NalUnitType.Sps) SawSps = true;
        if (splitter.Add(bytes) is { } unit) ready.Enqueue(unit);
    }

    private static string Megabytes(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}

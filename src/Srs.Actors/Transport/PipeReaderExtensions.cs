using System.Buffers;
using System.IO.Pipelines;

namespace Srs.Actors.Transport;

public static class PipeReaderExtensions
{
    /// <summary>Reads exactly <paramref name="count"/> bytes (a handshake packet); throws <see cref="EndOfStreamException"/> if the peer closes first.</summary>
    public static async ValueTask<byte[]> ReadExactlyAsync(this PipeReader reader, int count, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }
            if (result.IsCompleted || result.IsCanceled)
                throw new EndOfStreamException($"peer closed after {buffer.Length} of {count} bytes");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

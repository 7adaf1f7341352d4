using System.Buffers;
using System.IO.Pipelines;
using Srs.Actors.Streams;

namespace Srs.Actors.Transport;

/// <summary>Drains an <see cref="OutboundQueue"/> into a <see cref="PipeWriter"/> (an HTTP response body), one flush per batch.</summary>
public static class PipeWriterTransport
{
    public static async Task RunWriterAsync(OutboundQueue queue, IOutboundEncoder encoder, PipeWriter output, Action<long>? sent, CancellationToken ct)
    {
        while (true)
        {
            var batch = await queue.DrainAsync(ct).ConfigureAwait(false);
            if (batch is null) return;
            long total = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                var bytes = encoder.Encode(batch[i]);
                if (bytes.IsEmpty) continue;
                output.Write(bytes.Span);
                total += bytes.Length;
            }
            queue.Recycle(batch);
            if (total == 0) continue;
            var result = await output.FlushAsync(ct).ConfigureAwait(false);
            sent?.Invoke(total);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }
}

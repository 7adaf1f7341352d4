using System.Buffers;
using System.IO.Pipelines;

namespace Srs.Actors.Transport;

/// <summary>Drains an outbound queue into a <see cref="PipeWriter"/> (an HTTP response body, an in-memory pipe), one flush per batch.</summary>
public static class PipeWriterTransport
{
    public static async Task RunWriterAsync<TItem>(IOutboundSource<TItem> source, IOutboundEncoder<TItem> encoder, PipeWriter output, Action<long>? sent, CancellationToken ct)
    {
        while (true)
        {
            var batch = await source.DrainAsync(ct).ConfigureAwait(false);
            if (batch is null) return;
            long total = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                var bytes = encoder.Encode(batch[i]);
                if (bytes.IsEmpty) continue;
                output.Write(bytes.Span);
                total += bytes.Length;
            }
            source.Recycle(batch);
            encoder.Sent(); // copied into the pipe
            if (total == 0) continue;
            var result = await output.FlushAsync(ct).ConfigureAwait(false);
            sent?.Invoke(total);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Srs.Actors.Transport;

namespace Srs.Actors.Tests.Transport;

/// <summary>
/// An encoder may lend bytes from a buffer of its own, which it writes again after <see cref="IOutboundEncoder{TItem}.Sent"/>:
/// both writers call it only once what it returned is sent or copied, so a peer gets every item intact.
/// </summary>
public sealed class LentBytesTests
{
    /// <summary>Batches handed over as they are, then the end.</summary>
    private sealed class Batches(IEnumerable<List<int>> batches) : IOutboundSource<int>
    {
        private readonly Queue<List<int>> pending = new(batches);

        public ValueTask<List<int>?> DrainAsync(CancellationToken ct) => ValueTask.FromResult(pending.TryDequeue(out var b) ? b : null);

        public void Recycle(List<int> batch) { }
    }

    /// <summary>Item n is 1000 + n bytes of the value n, written into one buffer that is scribbled over at every Sent.</summary>
    private sealed class LendingEncoder : IOutboundEncoder<int>
    {
        private readonly byte[] arena = new byte[4 << 20];
        private int used;

        public int SentCalls { get; private set; }

        public ReadOnlyMemory<byte> Encode(in int item)
        {
            var bytes = arena.AsMemory(used, 1000 + item);
            bytes.Span.Fill((byte)item);
            used += bytes.Length;
            return bytes;
        }

        public void Sent()
        {
            arena.AsSpan(0, used).Fill(0xEE); // as a reused buffer would be
            used = 0;
            SentCalls++;
        }
    }

    private static List<List<int>> Items() => [[.. Enumerable.Range(1, 100)], [101], [.. Enumerable.Range(102, 40)]];

    private static void AssertIntact(byte[] received)
    {
        int at = 0;
        foreach (int item in Items().SelectMany(b => b))
        {
            Assert.True(received.AsSpan(at, 1000 + item).IndexOfAnyExcept((byte)item) < 0, $"item {item} arrived intact");
            at += 1000 + item;
        }
        Assert.Equal(at, received.Length);
    }

    [Fact]
    public async Task A_socket_writer_frees_lent_bytes_only_after_each_send()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var server = await listener.AcceptAsync();
        var encoder = new LendingEncoder();
        using var transport = new SocketTransport(server);
        var reading = Task.Run(async () =>
        {
            using var stream = new NetworkStream(client);
            using var all = new MemoryStream();
            await stream.CopyToAsync(all);
            return all.ToArray();
        });

        await transport.RunWriterAsync(new Batches(Items()), encoder, CancellationToken.None);
        server.Shutdown(SocketShutdown.Send);
        AssertIntact(await reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(encoder.SentCalls >= 5, $"a send per 32 items at most: {encoder.SentCalls}"); // 100 items take 4 sends
    }

    [Fact]
    public async Task A_pipe_writer_frees_lent_bytes_once_each_batch_is_copied()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // read only once all is written
        var encoder = new LendingEncoder();
        await PipeWriterTransport.RunWriterAsync(new Batches(Items()), encoder, pipe.Writer, null, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAtLeastAsync(int.MaxValue / 2);
        AssertIntact(result.Buffer.ToArray());
        Assert.Equal(3, encoder.SentCalls);
    }
}

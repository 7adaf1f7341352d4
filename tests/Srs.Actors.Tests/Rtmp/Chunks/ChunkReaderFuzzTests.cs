using System.Buffers;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Tests.Rtmp.Chunks;

/// <summary>
/// Whatever a peer sends, the reader may only return messages, ask for more bytes, or throw RtmpProtocolException:
/// any other exception or a loop that stops consuming would take more down than the one bad connection.
/// </summary>
public sealed class ChunkReaderFuzzTests
{
    private const int Inputs = 10_000;
    private const int MaxInputLength = 4096;

    // Small enough that random 24-bit lengths are mostly rejected or cheap, so 10,000 inputs stay fast;
    // the size check itself is covered by ChunkReaderTests.
    private const int MaxMessageSize = 64 * 1024;

    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Rtmp", "Chunks", "corpus");

    [Fact]
    public void Random_bytes_only_ever_raise_protocol_errors()
    {
        var random = new Random(0x5253);
        for (int i = 0; i < Inputs; i++)
        {
            var input = new byte[random.Next(0, MaxInputLength + 1)];
            random.NextBytes(input);
            // Biased headers reach further than uniform noise: fmt 0 on low csids, plausible lengths.
            if (input.Length > 12 && i % 2 == 0)
            {
                input[0] = (byte)random.Next(2, 10);
                input[4] = 0;
            }

            Survive(input, random);
        }
    }

    [Fact]
    public void Mutated_valid_streams_only_ever_raise_protocol_errors()
    {
        var random = new Random(0x4B53);
        var seeds = LoadCorpus();
        Assert.NotEmpty(seeds);
        for (int i = 0; i < Inputs; i++)
        {
            byte[] input = Mutate(seeds[random.Next(seeds.Count)], random);
            Survive(input, random);
        }
    }

    [Fact]
    public void Corpus_replays()
    {
        List<string> files = [.. System.IO.Directory.EnumerateFiles(CorpusDirectory, "*.bin").Order(StringComparer.Ordinal)];
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            if (Path.GetFileName(file).StartsWith("valid-", StringComparison.Ordinal))
            {
                // Valid streams must decode completely, whole and split.
                var whole = ChunkReading.ReadAll(new ChunkReader(), input);
                Assert.NotEmpty(whole);
                ChunkReading.AssertSame(whole, ChunkReading.ReadIncrementally(new ChunkReader(), input, step: 1));
            }
            else
            {
                Survive(input, new Random(input.Length));
            }
        }
    }

    /// <summary>
    /// Reads the input whole and in random pieces. Only protocol errors may escape, and both ways must agree: the same
    /// messages, or an error either way, since splitting the input must never change what it means.
    /// </summary>
    private static void Survive(byte[] input, Random random)
    {
        List<RtmpMessage>? whole = null;
        try
        {
            whole = ChunkReading.ReadAll(new ChunkReader(MaxMessageSize), new ReadOnlySequence<byte>(input), out _);
        }
        catch (RtmpProtocolException)
        {
        }

        List<RtmpMessage>? pieces = null;
        int step = random.Next(1, 512);
        try
        {
            pieces = ChunkReading.ReadIncrementally(new ChunkReader(MaxMessageSize), input, step, requireAll: false);
        }
        catch (RtmpProtocolException)
        {
        }

        Assert.True(whole is null == pieces is null, $"Whole read {(whole is null ? "failed" : "succeeded")} but reading in {step}-byte steps did not.");
        if (whole is not null)
        {
            ChunkReading.AssertSame(whole, pieces!);
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int edits = random.Next(1, 8);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at)); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                default: bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00; break;
            }
        }

        if (bytes.Count > MaxInputLength)
        {
            bytes.RemoveRange(MaxInputLength, bytes.Count - MaxInputLength);
        }

        return [.. bytes];
    }

    private static List<byte[]> LoadCorpus()
    {
        var seeds = new List<byte[]>();
        foreach (string file in System.IO.Directory.EnumerateFiles(CorpusDirectory, "*.bin").Order(StringComparer.Ordinal))
        {
            seeds.Add(File.ReadAllBytes(file));
        }

        return seeds;
    }
}

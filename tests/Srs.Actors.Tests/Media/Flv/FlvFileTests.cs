using Srs.Actors.Media;
using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Media.Flv;

public class FlvFileTests
{
    [Fact]
    public void FileHeaderBytes()
    {
        Assert.Equal("464C5601050000000900000000", Hex.Of(FlvWriter.FileHeader(hasAudio: true, hasVideo: true)));
        Assert.Equal("464C5601010000000900000000", Hex.Of(FlvWriter.FileHeader(hasAudio: false, hasVideo: true)));
        Assert.Equal("464C5601040000000900000000", Hex.Of(FlvWriter.FileHeader(hasAudio: true, hasVideo: false)));
    }

    [Fact]
    public void TagSizeIsHeaderBodyAndTrailer()
    {
        Assert.Equal(15, FlvWriter.TagSize(0));
        Assert.Equal(115, FlvWriter.TagSize(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => FlvWriter.TagSize(0x1000000));
        Assert.Throws<ArgumentOutOfRangeException>(() => FlvWriter.TagSize(-1));
    }

    [Fact]
    public void TagLayout()
    {
        byte[] tag = FlvWriter.EncodeTag(MediaKind.Audio, 0x00123456, [0xAF, 0x01]);
        // type 08, size 000002, timestamp 123456, extended 00, stream id 000000, body, previous tag size 13
        Assert.Equal("08" + "000002" + "123456" + "00" + "000000" + "AF01" + "0000000D", Hex.Of(tag));
    }

    [Fact]
    public void TimestampAtOrAbove2Pow24UsesExtendedByte()
    {
        byte[] tag = FlvWriter.EncodeTag(MediaKind.Video, 0x12345678, [0x17]);
        Assert.Equal("345678" + "12", Hex.Of(tag.AsSpan(4, 4)));

        byte[] wrap = FlvWriter.EncodeTag(MediaKind.Video, 1u << 24, [0x17]);
        Assert.Equal("000000" + "01", Hex.Of(wrap.AsSpan(4, 4)));
    }

    [Fact]
    public void WriteTagRejectsShortDestination()
    {
        var destination = new byte[FlvWriter.TagSize(3) - 1];
        Assert.Throws<ArgumentException>(() => FlvWriter.WriteTag(destination, MediaKind.Video, 0, [1, 2, 3]));
    }

    [Fact]
    public async Task RoundTrip()
    {
        var tags = new[]
        {
            new FlvTag(MediaKind.Script, 0, Hex.Bytes("02 00 0A 6F 6E 4D 65 74 61 44 61 74 61")),
            new FlvTag(MediaKind.Video, 0, Hex.Bytes("17 00 00 00 00 01 64 00 0D FF E1")),
            new FlvTag(MediaKind.Audio, 0, Hex.Bytes("AF 00 12 10")),
            new FlvTag(MediaKind.Video, 40, Hex.Bytes("27 01 00 00 28 00 00 00 01 41")),
            new FlvTag(MediaKind.Audio, 0x00FFFFFF, Hex.Bytes("AF 01")),
            new FlvTag(MediaKind.Video, 0x01000000, Hex.Bytes("17 01 00 00 00")),
            new FlvTag(MediaKind.Audio, uint.MaxValue, Array.Empty<byte>()),
        };

        byte[] file = Build(FlvWriter.FileHeader(true, true), tags);
        var reader = new FlvReader(new MemoryStream(file));
        foreach (var expected in tags)
        {
            var actual = await reader.ReadTagAsync();
            Assert.NotNull(actual);
            Assert.Equal(expected.Kind, actual.Value.Kind);
            Assert.Equal(expected.Timestamp, actual.Value.Timestamp);
            Assert.Equal(expected.Body.ToArray(), actual.Value.Body.ToArray());
        }

        Assert.Null(await reader.ReadTagAsync());
        Assert.Null(await reader.ReadTagAsync()); // EOF is sticky, not an error
        Assert.True(reader.HasAudio);
        Assert.True(reader.HasVideo);
    }

    [Fact]
    public async Task ReadsFromTricklingNonSeekableStream()
    {
        byte[] file = Build(
            FlvWriter.FileHeader(false, true),
            new FlvTag(MediaKind.Video, 7, Hex.Bytes("17 01 00 00 00 00 00 00 01 65")),
            new FlvTag(MediaKind.Video, 47, Hex.Bytes("27 01 00 00 00")));
        var reader = new FlvReader(new TrickleStream(file, step: 3));

        Assert.Equal(7u, (await reader.ReadTagAsync())!.Value.Timestamp);
        Assert.Equal(47u, (await reader.ReadTagAsync())!.Value.Timestamp);
        Assert.Null(await reader.ReadTagAsync());
        Assert.False(reader.HasAudio);
        Assert.True(reader.HasVideo);
    }

    [Fact]
    public async Task HeaderFlagsAreAvailableBeforeTheFirstTag()
    {
        byte[] file = Build(FlvWriter.FileHeader(true, false), new FlvTag(MediaKind.Audio, 5, Hex.Bytes("AF 01 00")));
        var reader = new FlvReader(new TrickleStream(file, step: 2));

        Assert.True(reader.HasAudio);
        Assert.False(reader.HasVideo);
        Assert.Equal(5u, (await reader.ReadTagAsync())!.Value.Timestamp);
    }

    [Fact]
    public async Task UnknownTagTypesAreSkipped()
    {
        byte[] unknown = FlvWriter.EncodeTag(MediaKind.Audio, 1, [1, 2, 3, 4, 5]);
        unknown[0] = 0x0F; // not 8, 9 or 18
        byte[] file = [.. FlvWriter.FileHeader(true, false), .. unknown, .. FlvWriter.EncodeTag(MediaKind.Audio, 2, [0xAF, 0x01])];

        var tag = await new FlvReader(new TrickleStream(file, 4)).ReadTagAsync();
        Assert.Equal(2u, tag!.Value.Timestamp);
    }

    [Fact]
    public async Task LongerHeaderIsSkippedUsingDataOffset()
    {
        // A header announcing DataOffset 12: three extra bytes before PreviousTagSize0.
        byte[] file = [.. Hex.Bytes("46 4C 56 01 01 00 00 00 0C AA BB CC 00 00 00 00"), .. FlvWriter.EncodeTag(MediaKind.Video, 9, [0x27])];

        var tag = await new FlvReader(new MemoryStream(file)).ReadTagAsync();
        Assert.Equal(9u, tag!.Value.Timestamp);
    }

    [Fact]
    public async Task TruncatedBodyReportsOffsets()
    {
        byte[] file = Build(
            FlvWriter.FileHeader(true, true),
            new FlvTag(MediaKind.Audio, 0, Hex.Bytes("AF 00 12 10")), // offset 13, 19 bytes
            new FlvTag(MediaKind.Video, 0, new byte[100])); // offset 32, body at 43
        byte[] cut = file[..(43 + 42)];

        var reader = new FlvReader(new MemoryStream(cut));
        Assert.NotNull(await reader.ReadTagAsync());
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadTagAsync());
        Assert.Contains("tag at offset 32", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset 43", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_that_declares_16_MB_in_a_short_file_costs_about_what_the_file_holds()
    {
        byte[] file = Build(FlvWriter.FileHeader(true, false), new FlvTag(MediaKind.Video, 0, new byte[300_000]));
        file[14] = 0xFF; file[15] = 0xFF; file[16] = 0xFF; // the tag now claims 16,777,215 bytes of body

        var reader = new FlvReader(new MemoryStream(file));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadTagAsync());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("expected 16777215 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 300004", error.Message, StringComparison.Ordinal); // the body and the trailer that followed it
        Assert.True(allocated < 2_000_000, $"{allocated} bytes allocated for a {file.Length}-byte file");
    }

    [Fact]
    public async Task Bodies_larger_than_the_first_buffer_arrive_whole_at_their_exact_size()
    {
        var big = new byte[700_001];
        new Random(5).NextBytes(big);
        byte[] file = Build(FlvWriter.FileHeader(true, false), new FlvTag(MediaKind.Video, 40, big), new FlvTag(MediaKind.Video, 80, new byte[] { 0x27, 1 }));

        var reader = new FlvReader(new TrickleStream(file, 4096));
        var first = await reader.ReadTagAsync();
        Assert.Equal(big, first!.Value.Body.ToArray());
        Assert.Equal(80u, (await reader.ReadTagAsync())!.Value.Timestamp);
        Assert.Null(await reader.ReadTagAsync());
    }

    [Theory]
    [InlineData(13 + 5, "tag header at offset 13")]
    [InlineData(13 + 11 + 4 + 2, "PreviousTagSize of tag at offset 13")]
    [InlineData(5, "file header at offset 0")]
    [InlineData(11, "PreviousTagSize0")]
    public async Task TruncationInsideAStructureIsAnError(int length, string expected)
    {
        byte[] file = Build(FlvWriter.FileHeader(true, false), new FlvTag(MediaKind.Audio, 0, Hex.Bytes("AF 00 12 10")));

        var reader = new FlvReader(new MemoryStream(file[..length]));
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadTagAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderOnlyFileHasNoTags()
    {
        Assert.Null(await new FlvReader(new MemoryStream(FlvWriter.FileHeader(true, true))).ReadTagAsync());
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("46 4C 57 01 05 00 00 00 09 00 00 00 00", "signature")]
    [InlineData("46 4C 56 02 05 00 00 00 09 00 00 00 00", "version 2")]
    [InlineData("46 4C 56 01 05 00 00 00 05 00 00 00 00", "DataOffset 5")]
    public async Task BadFileHeaderIsRejected(string hex, string expected)
    {
        var reader = new FlvReader(new MemoryStream(Hex.Bytes(hex)));
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadTagAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptedTagIsRejected()
    {
        byte[] tag = FlvWriter.EncodeTag(MediaKind.Video, 0, [0x17]);
        tag[0] |= 0x20; // Filter bit
        var reader = new FlvReader(new MemoryStream([.. FlvWriter.FileHeader(false, true), .. tag]));

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadTagAsync());
        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Build(byte[] header, params FlvTag[] tags)
    {
        var file = new List<byte>(header);
        foreach (var tag in tags)
        {
            file.AddRange(FlvWriter.EncodeTag(tag.Kind, tag.Timestamp, tag.Body.Span));
        }

        return [.. file];
    }
}

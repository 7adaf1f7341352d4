using System.IO.Pipelines;
using Srs.Actors.Ingest;
using Srs.Actors.Tests.Media;
using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Ingest;

public sealed class RawH264ReaderTests
{
    private static async Task<string[][]> ReadAllAsync(Stream stream, RawH264Limits? limits = null)
    {
        var reader = RawH264Reader.FromStream(stream, limits);
        var units = new List<string[]>();
        while (await reader.ReadAsync() is { } unit) units.Add(unit.Nals.Select(n => Hex.Of(n.Span)).ToArray());
        return units.ToArray();
    }

    [Fact]
    public async Task The_whole_stream_reads_as_its_access_units()
    {
        Assert.Equal(H264Stream.Expected(), await ReadAllAsync(new MemoryStream(H264Stream.Bytes())));
    }

    [Fact]
    public async Task A_split_at_every_byte_boundary_gives_the_same_access_units()
    {
        var bytes = H264Stream.Bytes();
        var expected = H264Stream.Expected();
        for (int cut = 1; cut < bytes.Length; cut++)
            Assert.Equal(expected, await ReadAllAsync(new SplitStream(bytes, cut)));
    }

    [Fact]
    public async Task A_split_at_every_pair_of_boundaries_gives_the_same_access_units()
    {
        var bytes = H264Stream.Bytes();
        var expected = H264Stream.Expected();
        for (int a = 1; a < bytes.Length; a++)
            for (int b = a + 1; b < bytes.Length; b += 3)
                Assert.Equal(expected, await ReadAllAsync(new SplitStream(bytes, a, b)));
    }

    [Fact]
    public async Task One_byte_per_read_gives_the_same_access_units()
    {
        Assert.Equal(H264Stream.Expected(), await ReadAllAsync(new TrickleStream(H264Stream.Bytes(), 1)));
    }

    [Theory]
    [InlineData("00 00 01")]
    [InlineData("00 00 00 01")]
    [InlineData("00 00 00 00 00 01")]
    public async Task Any_start_code_length_reads_the_same(string startCode)
    {
        var hex = string.Concat(H264Stream.AccessUnits.SelectMany(u => u).Select(n => startCode + " " + n + " "));
        Assert.Equal(H264Stream.Expected(), await ReadAllAsync(new MemoryStream(Hex.Bytes(hex))));
    }

    [Theory]
    [InlineData("00 00 01 41 9A", true)]   // the next picture's first slice: its header is enough
    [InlineData("00 00 01 09", true)]      // a delimiter
    [InlineData("00 00 01 68", true)]      // a PPS after a slice
    [InlineData("00 00 01 41", false)]     // a slice, but first_mb_in_slice has not arrived
    [InlineData("00 00 01 41 24", false)]  // the same picture's second slice
    [InlineData("00 00 01", false)]        // nothing of the next NAL yet
    public async Task A_picture_is_returned_as_soon_as_the_next_NAL_header_shows_a_new_one(string next, bool returned)
    {
        var pipe = new Pipe();
        var reader = new RawH264Reader(pipe.Reader);
        await pipe.Writer.WriteAsync(Hex.Bytes("00 00 00 01 " + H264Stream.Sps + " 00 00 01 " + H264Stream.Pps + " 00 00 01 " + H264Stream.IdrFirst + " " + next));
        var read = reader.ReadAsync().AsTask();
        var first = await Task.WhenAny(read, Task.Delay(300));
        Assert.Equal(returned, first == read);
        if (returned) Assert.True((await read)!.IsKeyFrame);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task Garbage_before_the_first_start_code_is_skipped_and_counted()
    {
        var bytes = Hex.Bytes("AA BB CC 00 11").Concat(H264Stream.Bytes()).ToArray();
        var reader = RawH264Reader.FromStream(new MemoryStream(bytes));
        int units = 0;
        while (await reader.ReadAsync() is not null) units++;
        Assert.Equal(H264Stream.AccessUnits.Length, units);
        Assert.Equal(bytes.Length, reader.BytesRead);
        Assert.True(reader.SawSps);
    }

    [Fact]
    public async Task Input_without_an_SPS_within_the_limit_is_not_H264()
    {
        var junk = new byte[300_000];
        new Random(4).NextBytes(junk);
        var limits = RawH264Limits.Default with { MaxBytesBeforeSps = 100_000 };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new TrickleStream(junk, 16 * 1024), limits));
        Assert.Contains("no SPS in the first 100000 bytes", e.Message);
    }

    [Fact]
    public async Task Input_that_ends_without_an_SPS_is_not_H264()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MemoryStream(Hex.Bytes("00 00 01 " + H264Stream.PFirst))));
        Assert.Contains("no SPS", e.Message);
    }

    [Fact]
    public async Task A_NAL_unit_larger_than_the_limit_is_refused()
    {
        var huge = Hex.Bytes("00 00 01 " + H264Stream.Sps + " 00 00 01 65 88").Concat(Enumerable.Repeat((byte)0x11, 200_000)).ToArray();
        var limits = RawH264Limits.Default with { MaxAccessUnitSize = 50_000 };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new TrickleStream(huge, 16 * 1024), limits));
        Assert.Contains("grew over", e.Message);
    }
}

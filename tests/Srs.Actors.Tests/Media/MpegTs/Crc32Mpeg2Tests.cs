using System.Text;
using Srs.Actors.Media.MpegTs;

namespace Srs.Actors.Tests.Media.MpegTs;

public sealed class Crc32Mpeg2Tests
{
    [Fact]
    public void MatchesTheCatalogueCheckValue() =>
        // CRC-32/MPEG-2's published check value: the CRC of the ASCII digits 1 to 9.
        Assert.Equal(0x0376E6E7u, Crc32Mpeg2.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void MatchesTheStandardPatSection() =>
        // PAT for program 1 at PID 0x1001, transport_stream_id 1; the CRC as ffmpeg writes it for the same section.
        Assert.Equal(0x2E701905u, Crc32Mpeg2.Compute(Hex.Bytes("00 B0 0D 00 01 C1 00 00 00 01 F0 01")));

    [Fact]
    public void ASectionFollowedByItsCrcChecksToZero() =>
        // What demuxers actually verify (13818-1 annex A: zero remainder over the section including CRC_32).
        Assert.Equal(0u, Crc32Mpeg2.Compute(Hex.Bytes("00 B0 0D 00 01 C1 00 00 00 01 F0 01 2E 70 19 05")));

    [Fact]
    public void EmptyInputIsTheInitialValue() => Assert.Equal(0xFFFFFFFFu, Crc32Mpeg2.Compute([]));
}

using Srs.Actors.WebRtc.Dtls;

namespace Srs.Actors.Tests.WebRtc.Dtls;

public sealed class DtlsRecordTests
{
    // One record with the given header and a zero-filled fragment.
    private static byte[] Record(byte type, ushort version, ushort epoch, ulong sequence, int length)
    {
        var record = new byte[DtlsRecord.HeaderLength + length];
        record[0] = type;
        record[1] = (byte)(version >> 8);
        record[2] = (byte)version;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        for (int i = 0; i < 6; i++) record[5 + i] = (byte)(sequence >> (8 * (5 - i)));
        record[11] = (byte)(length >> 8);
        record[12] = (byte)length;
        return record;
    }

    [Theory]
    [InlineData(0, false)] // STUN
    [InlineData(3, false)]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(22, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(128, false)] // RTP
    [InlineData(191, false)]
    public void IsDtls_follows_rfc_7983(byte first, bool dtls) => Assert.Equal(dtls, DtlsRecord.IsDtls([first, 0, 0]));

    [Fact]
    public void Header_fields_are_read_big_endian()
    {
        var record = Record(22, 0xFEFD, 1, 0x0000_0102_0304_0506, 40);
        Assert.True(DtlsRecord.TryReadHeader(record, out byte type, out ushort version, out ushort epoch, out ulong sequence, out int length, out var error), error);
        Assert.Equal(22, type);
        Assert.Equal(0xFEFD, version);
        Assert.Equal(1, epoch);
        Assert.Equal(0x0102_0304_0506UL, sequence);
        Assert.Equal(40, length);
    }

    [Fact]
    public void A_datagram_of_several_records_is_walked_whole()
    {
        // A client's final flight: Certificate.., ChangeCipherSpec, Finished (epoch 1) in one datagram.
        byte[] datagram = [.. Record(22, 0xFEFD, 0, 3, 300), .. Record(20, 0xFEFD, 0, 4, 1), .. Record(22, 0xFEFD, 1, 0, 40)];
        Assert.True(DtlsRecord.TryValidate(datagram, out int records, out var error), error);
        Assert.Equal(3, records);
    }

    [Fact]
    public void Bad_framing_is_refused_with_a_reason()
    {
        Assert.False(DtlsRecord.TryValidate([], out _, out var error));
        Assert.Equal("an empty datagram", error);
        Assert.False(DtlsRecord.TryValidate(Record(22, 0xFEFD, 0, 0, 10)[..12], out _, out error));
        Assert.Equal("record 0: 12 bytes, a record header needs 13", error);
        Assert.False(DtlsRecord.TryValidate(Record(22, 0xFEFD, 0, 0, 10)[..20], out _, out error));
        Assert.Equal("record 0: a 10-byte fragment with 7 bytes left", error);
        Assert.False(DtlsRecord.TryValidate(Record(30, 0xFEFD, 0, 0, 1), out _, out error));
        Assert.Equal("record 0: content type 30 is not a DTLS 1.2 record", error);
        Assert.False(DtlsRecord.TryValidate(Record(22, 0x0303, 0, 0, 1), out _, out error));
        Assert.Equal("record 0: version 0x0303 is not DTLS", error);
        Assert.False(DtlsRecord.TryValidate([.. Record(22, 0xFEFD, 0, 0, 1), .. Record(22, 0xFEFD, 0, 1, 5)[..15]], out int records, out error));
        Assert.Equal(1, records);
        Assert.StartsWith("record 1: ", error);
        var huge = Record(23, 0xFEFD, 1, 0, DtlsRecord.MaxFragmentLength + 1);
        Assert.False(DtlsRecord.TryValidate(huge, out _, out error));
        Assert.Equal($"record 0: a {DtlsRecord.MaxFragmentLength + 1}-byte fragment is over {DtlsRecord.MaxFragmentLength}", error);
    }
}

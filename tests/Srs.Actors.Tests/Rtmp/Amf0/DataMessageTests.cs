using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;
using static Srs.Actors.Tests.Rtmp.Amf0.Bytes;

namespace Srs.Actors.Tests.Rtmp.Amf0;

public sealed class DataMessageTests
{
    private const byte Amf0Data = 18;
    private const byte Amf3Data = 15;

    private static byte[] SetDataFrameOnMetaData() => Concat(
        Hex("02 00 0D"), Ascii("@setDataFrame"),
        Hex("02 00 0A"), Ascii("onMetaData"),
        Hex("08 00 00 00 02"),
        Hex("00 05"), Ascii("width"), Hex("00 40 9E 00 00 00 00 00 00"),
        Hex("00 0C"), Ascii("videocodecid"), Hex("00 40 1C 00 00 00 00 00 00"),
        Hex("00 00 09"));

    [Fact]
    public void Reads_setDataFrame_and_unwraps_to_onMetaData()
    {
        var message = DataMessage.Read(Amf0Data, SetDataFrameOnMetaData());
        Assert.Equal(DataMessage.SetDataFrame, message.Name);
        Assert.Equal(2, message.Values.Count);

        var metadata = message.UnwrapSetDataFrame();
        Assert.Equal("onMetaData", metadata.Name);
        var array = Assert.IsType<AmfEcmaArray>(Assert.Single(metadata.Values));
        Assert.Equal(1920.0, array.GetNumber("width"));
        Assert.Equal(7.0, array.GetNumber("videocodecid"));
    }

    [Fact]
    public void Unwrapped_metadata_encodes_as_players_expect()
    {
        var metadata = DataMessage.Read(Amf0Data, SetDataFrameOnMetaData()).UnwrapSetDataFrame();
        byte[] expected = SetDataFrameOnMetaData()[16..]; // drop the "@setDataFrame" string (3 + 13 bytes)

        Assert.Equal(expected, metadata.Encode());
    }

    [Fact]
    public void Amf3_data_skips_the_leading_format_byte()
    {
        var message = DataMessage.Read(Amf3Data, Concat([0x00], SetDataFrameOnMetaData()));
        Assert.Equal("onMetaData", message.UnwrapSetDataFrame().Name);
    }

    [Fact]
    public void Unwrap_leaves_other_messages_alone()
    {
        var plain = new DataMessage("onMetaData", [new AmfEcmaArray()]);
        Assert.Same(plain, plain.UnwrapSetDataFrame());

        var otherFrame = new DataMessage("@setDataFrame", ["onCuePoint", new AmfObject()]);
        Assert.Same(otherFrame, otherFrame.UnwrapSetDataFrame());

        var bare = new DataMessage("@setDataFrame", []);
        Assert.Same(bare, bare.UnwrapSetDataFrame());
    }

    [Fact]
    public void Encodes_exactly()
    {
        var message = new DataMessage("|RtmpSampleAccess", [false, false]);
        Assert.Equal(Concat(Hex("02 00 11"), Ascii("|RtmpSampleAccess"), Hex("01 00 01 00")), message.Encode());
    }

    [Fact]
    public void Rejects_bad_bodies_and_types()
    {
        Assert.Throws<RtmpProtocolException>(() => DataMessage.Read(Amf0Data, []));
        Assert.Throws<RtmpProtocolException>(() => DataMessage.Read(Amf0Data, Hex("05")));
        Assert.Throws<RtmpProtocolException>(() => DataMessage.Read(20, SetDataFrameOnMetaData()));
        Assert.Throws<RtmpProtocolException>(() => DataMessage.Read(Amf3Data, SetDataFrameOnMetaData()));
        Assert.Throws<RtmpProtocolException>(() => DataMessage.Read(Amf0Data, SetDataFrameOnMetaData()[..^1]));
    }
}

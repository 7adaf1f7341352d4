using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;
using static Srs.Actors.Tests.Rtmp.Amf0.Bytes;

namespace Srs.Actors.Tests.Rtmp.Amf0;

public sealed class StatusObjectsTests
{
    [Fact]
    public void ConnectResult_has_fms_fields_and_success_info()
    {
        var serverData = new AmfObject { { "srs_version", "0.1.0" } };
        var reply = StatusObjects.ConnectResult(1, 0, serverData);

        Assert.Equal("_result", reply.Name);
        Assert.Equal(1.0, reply.TransactionId);

        var properties = Assert.IsType<AmfObject>(reply.CommandObject);
        Assert.Equal("FMS/3,5,3,888", properties.GetString("fmsVer"));
        Assert.Equal(127.0, properties.GetNumber("capabilities"));
        Assert.Equal(1.0, properties.GetNumber("mode"));

        var info = Assert.IsType<AmfObject>(Assert.Single(reply.Arguments));
        Assert.Equal("status", info.GetString("level"));
        Assert.Equal(StatusCodes.ConnectSuccess, info.GetString("code"));
        Assert.Equal("Connection succeeded", info.GetString("description"));
        Assert.Equal(0.0, info.GetNumber("objectEncoding"));
        var data = Assert.IsType<AmfEcmaArray>(info["data"]);
        Assert.Equal("0.1.0", data.GetString("srs_version"));
    }

    [Fact]
    public void ConnectResult_omits_data_when_null_and_survives_the_wire()
    {
        var reply = StatusObjects.ConnectResult(1, 3, null);
        var decoded = CommandMessage.Read(20, reply.Encode());

        var info = Assert.IsType<AmfObject>(Assert.Single(decoded.Arguments));
        Assert.False(info.ContainsKey("data"));
        Assert.Equal(3.0, info.GetNumber("objectEncoding"));
        AmfAssert.Equivalent(reply.CommandObject, decoded.CommandObject);
    }

    [Fact]
    public void Result_carries_arguments_after_a_null_command_object()
    {
        var reply = StatusObjects.CallResult(4, 1.0);
        Assert.Equal(Concat(Hex("02 00 07"), Ascii("_result"), Hex("00 40 10 00 00 00 00 00 00 05 00 3F F0 00 00 00 00 00 00")), reply.Encode());
    }

    [Fact]
    public void Error_reply()
    {
        var reply = StatusObjects.Error(1, StatusCodes.ConnectRejected, "denied");

        Assert.Equal("_error", reply.Name);
        Assert.Equal(1.0, reply.TransactionId);
        Assert.Null(reply.CommandObject);
        var info = Assert.IsType<AmfObject>(Assert.Single(reply.Arguments));
        Assert.Equal(["level", "code", "description"], Keys(info));
        Assert.Equal("error", info.GetString("level"));
        Assert.Equal("NetConnection.Connect.Rejected", info.GetString("code"));
        Assert.Equal("denied", info.GetString("description"));
    }

    [Fact]
    public void OnStatus_appends_extra_fields_after_the_standard_ones()
    {
        var extra = new AmfObject { { "details", "live/stream" }, { "clientid", "ASAICiss" } };
        var status = StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PublishStart, "Started publishing stream.", extra);

        Assert.Equal("onStatus", status.Name);
        Assert.Equal(0.0, status.TransactionId);
        Assert.Null(status.CommandObject);
        var info = Assert.IsType<AmfObject>(Assert.Single(status.Arguments));
        Assert.Equal(["level", "code", "description", "details", "clientid"], Keys(info));
        Assert.Equal("NetStream.Publish.Start", info.GetString("code"));
        Assert.Equal("live/stream", info.GetString("details"));
    }

    [Fact]
    public void OnStatus_without_extra_encodes_exactly()
    {
        var status = StatusObjects.OnStatus("status", "NetStream.Play.Start", "go");
        byte[] expected = Concat(
            Hex("02 00 08"), Ascii("onStatus"),
            Hex("00 00 00 00 00 00 00 00 00"),
            Hex("05"),
            Hex("03"),
            Key("level"), ShortString("status"),
            Key("code"), ShortString("NetStream.Play.Start"),
            Key("description"), ShortString("go"),
            Hex("00 00 09"));

        Assert.Equal(expected, status.Encode());
    }

    [Fact]
    public void OnBwDone_encodes_exactly()
    {
        byte[] expected = Concat(Hex("02 00 08"), Ascii("onBWDone"), Hex("00 00 00 00 00 00 00 00 00 05"));
        Assert.Equal(expected, StatusObjects.OnBwDone().Encode());
    }

    [Fact]
    public void OnFcPublish_and_OnFcUnpublish()
    {
        var publish = StatusObjects.OnFcPublish(StatusCodes.PublishStart, "Started publishing stream.");
        var unpublish = StatusObjects.OnFcUnpublish(StatusCodes.UnpublishSuccess, "Stop publishing stream.");

        Assert.Equal("onFCPublish", publish.Name);
        Assert.Equal("onFCUnpublish", unpublish.Name);
        Assert.Equal(0.0, publish.TransactionId);
        Assert.Null(publish.CommandObject);
        var info = Assert.IsType<AmfObject>(Assert.Single(unpublish.Arguments));
        Assert.Equal(["code", "description"], Keys(info));
        Assert.Equal("NetStream.Unpublish.Success", info.GetString("code"));
    }

    [Fact]
    public void Status_codes_are_spelled_as_fms_does()
    {
        Assert.Equal("NetConnection.Call.Failed", StatusCodes.CallFailed);
        Assert.Equal("NetStream.Publish.BadName", StatusCodes.PublishBadName);
        Assert.Equal("NetStream.Play.Reset", StatusCodes.PlayReset);
        Assert.Equal("NetStream.Play.Stop", StatusCodes.PlayStop);
        Assert.Equal("NetStream.Play.StreamNotFound", StatusCodes.PlayStreamNotFound);
        Assert.Equal("NetStream.Play.UnpublishNotify", StatusCodes.PlayUnpublishNotify);
        Assert.Equal("NetStream.Play.PublishNotify", StatusCodes.PlayPublishNotify);
        Assert.Equal("NetStream.Pause.Notify", StatusCodes.PauseNotify);
        Assert.Equal("NetStream.Unpause.Notify", StatusCodes.UnpauseNotify);
        Assert.Equal("NetStream.Data.Start", StatusCodes.DataStart);
    }

    private static List<string> Keys(AmfObject obj)
    {
        var keys = new List<string>();
        foreach (var property in obj)
        {
            keys.Add(property.Key);
        }

        return keys;
    }
}

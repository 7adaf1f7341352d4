using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;
using static Srs.Actors.Tests.Rtmp.Amf0.Bytes;

namespace Srs.Actors.Tests.Rtmp.Amf0;

public sealed class CommandMessageTests
{
    private const byte Amf0Command = 20;
    private const byte Amf3Command = 17;

    /// <summary>
    /// What ffmpeg's RTMP client sends as its first command, laid out by hand from the AMF0 spec:
    /// "connect", 1.0, {app, type, flashVer, tcUrl}.
    /// </summary>
    internal static byte[] FfmpegConnect() => Concat(
        Hex("02 00 07"), Ascii("connect"),
        Hex("00 3F F0 00 00 00 00 00 00"),
        Hex("03"),
        Hex("00 03"), Ascii("app"), Hex("02 00 04"), Ascii("live"),
        Hex("00 04"), Ascii("type"), Hex("02 00 0A"), Ascii("nonprivate"),
        Hex("00 08"), Ascii("flashVer"), Hex("02 00 1F"), Ascii("FMLE/3.0 (compatible; FMSc/1.0)"),
        Hex("00 05"), Ascii("tcUrl"), Hex("02 00 1A"), Ascii("rtmp://127.0.0.1:1935/live"),
        Hex("00 00 09"));

    [Theory]
    [InlineData(Amf0Command, "02 00 07 7075626C697368 00 40 14 00 00 00 00 00 00", "publish", true)]
    [InlineData(Amf3Command, "00 02 00 07 7075626C697368 00 40 14 00 00 00 00 00 00", "publish", true)]
    [InlineData(Amf0Command, "02 00 08 7075626C69736858", "publish", false)] // "publishX"
    [InlineData(Amf0Command, "02 00 04 706C6179", "publish", false)] // "play"
    [InlineData(Amf0Command, "02 00 07 707562", "publish", false)] // cut short
    [InlineData(Amf0Command, "", "publish", false)]
    [InlineData(18, "02 00 07 7075626C697368", "publish", false)] // a data message of that name is not a command
    public void A_command_is_recognised_by_its_name_alone(byte typeId, string hex, string name, bool expected) =>
        Assert.Equal(expected, CommandMessage.IsNamed(new Srs.Actors.Rtmp.Chunks.RtmpMessage(typeId, 1, 0, Hex(hex.Replace(" ", ""))), name));

    [Fact]
    public void Decodes_ffmpeg_connect_field_by_field()
    {
        var command = CommandMessage.Read(Amf0Command, FfmpegConnect());

        Assert.Equal("connect", command.Name);
        Assert.Equal(1.0, command.TransactionId);
        Assert.Empty(command.Arguments);

        var properties = Assert.IsType<AmfObject>(command.CommandObject);
        Assert.Equal(4, properties.Count);
        Assert.Equal("live", properties.GetString("app"));
        Assert.Equal("nonprivate", properties.GetString("type"));
        Assert.Equal("FMLE/3.0 (compatible; FMSc/1.0)", properties.GetString("flashVer"));
        Assert.Equal("rtmp://127.0.0.1:1935/live", properties.GetString("tcUrl"));
    }

    [Fact]
    public void Re_encodes_ffmpeg_connect_to_the_same_bytes()
    {
        byte[] bytes = FfmpegConnect();
        Assert.Equal(bytes, CommandMessage.Read(Amf0Command, bytes).Encode());
    }

    [Fact]
    public void Amf3_command_skips_the_leading_format_byte()
    {
        byte[] payload = Concat([0x00], FfmpegConnect());
        var command = CommandMessage.Read(Amf3Command, payload);

        Assert.Equal("connect", command.Name);
        Assert.Equal(1.0, command.TransactionId);
        Assert.Equal("live", ((AmfObject)command.CommandObject!).GetString("app"));
    }

    [Fact]
    public void Amf3_command_with_a_non_zero_format_byte_is_rejected()
    {
        Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf3Command, FfmpegConnect()));
        Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf3Command, []));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(18)]
    [InlineData(15)]
    public void Other_message_types_are_rejected(byte typeId)
    {
        Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(typeId, FfmpegConnect()));
    }

    [Fact]
    public void Encodes_createStream_exactly()
    {
        var command = new CommandMessage("createStream", 2, null, []);
        Assert.Equal(Concat(Hex("02 00 0C"), Ascii("createStream"), Hex("00 40 00 00 00 00 00 00 00 05")), command.Encode());
    }

    [Fact]
    public void Arguments_follow_the_command_object()
    {
        var publish = new CommandMessage("publish", 5, null, ["stream", "live"]);
        byte[] bytes = publish.Encode();
        Assert.Equal(Amf0Writer.Encode("publish", 5.0, null, "stream", "live"), bytes);

        var decoded = CommandMessage.Read(Amf0Command, bytes);
        Assert.Equal("publish", decoded.Name);
        Assert.Equal(5.0, decoded.TransactionId);
        Assert.Null(decoded.CommandObject);
        Assert.Equal(new object?[] { "stream", "live" }, decoded.Arguments);
    }

    [Fact]
    public void Name_only_body_defaults_transaction_and_command_object()
    {
        var command = CommandMessage.Read(Amf0Command, Amf0Writer.Encode("onBWDone"));

        Assert.Equal("onBWDone", command.Name);
        Assert.Equal(0.0, command.TransactionId);
        Assert.Null(command.CommandObject);
        Assert.Empty(command.Arguments);
    }

    [Fact]
    public void Name_and_transaction_only_body_has_null_command_object()
    {
        var command = CommandMessage.Read(Amf0Command, Amf0Writer.Encode("_checkbw", 3.0));

        Assert.Equal(3.0, command.TransactionId);
        Assert.Null(command.CommandObject);
    }

    [Theory]
    [InlineData("00 3F F0 00 00 00 00 00 00")] // number
    [InlineData("05")] // null
    [InlineData("03 00 00 09")] // object
    [InlineData("")] // empty body
    public void Non_string_first_value_is_rejected(string hex)
    {
        Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf0Command, Hex(hex)));
    }

    [Fact]
    public void Non_number_transaction_id_is_rejected()
    {
        Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf0Command, Amf0Writer.Encode("play", "1")));
    }

    [Fact]
    public void Malformed_amf_is_wrapped_with_the_command_name()
    {
        byte[] bytes = Concat(Amf0Writer.Encode("publish", 4.0, null), Hex("02 00 09 61"));
        var ex = Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf0Command, bytes));

        Assert.Contains("publish", ex.Message);
        Assert.Contains("malformed AMF0", ex.Message);
    }

    [Fact]
    public void Every_truncation_of_connect_either_parses_at_a_value_boundary_or_throws_protocol_exception()
    {
        byte[] bytes = FfmpegConnect();
        // A short body is legal after the name (10 bytes) and after the transaction id (19 bytes).
        var boundaries = new HashSet<int> { 10, 19 };

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            if (boundaries.Contains(length))
            {
                Assert.Equal("connect", CommandMessage.Read(Amf0Command, prefix).Name);
            }
            else
            {
                Assert.Throws<RtmpProtocolException>(() => CommandMessage.Read(Amf0Command, prefix));
            }
        }
    }

    [Fact]
    public void Random_payloads_throw_only_protocol_exceptions()
    {
        var random = new Random(99);
        byte[] buffer = new byte[64];

        for (int i = 0; i < 5_000; i++)
        {
            int length = random.Next(0, buffer.Length + 1);
            byte[] payload = buffer[..length];
            random.NextBytes(payload);
            if (length > 3 && random.Next(2) == 0)
            {
                // Start with a plausible name so the rest of the body gets exercised.
                payload[0] = 0x02;
                payload[1] = 0x00;
                payload[2] = 0x01;
            }

            byte typeId = random.Next(2) == 0 ? Amf0Command : Amf3Command;
            try
            {
                CommandMessage.Read(typeId, payload);
            }
            catch (RtmpProtocolException)
            {
            }
        }
    }
}

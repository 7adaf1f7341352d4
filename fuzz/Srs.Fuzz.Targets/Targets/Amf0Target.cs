using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// AMF0 as command and data message bodies carry it. The reader throws only <see cref="Amf0FormatException"/>,
/// the message decoders only <see cref="RtmpProtocolException"/>; whatever is decoded re-encodes, and decodes again
/// to the same values (the writer inlines references, so this also bounds what references can expand to).
/// </summary>
public sealed class Amf0Target : FuzzTarget
{
    public override string Name => "amf0";

    public override string Contract =>
        "Amf0Reader values, CommandMessage/DataMessage (types 20, 18 and their AMF3 wrappers 17, 15); throws only Amf0FormatException / RtmpProtocolException; decode(encode(decode(x))) == decode(x)";

    public override bool IsRejection(Exception e) => Is<Amf0FormatException>(e) || Is<RtmpProtocolException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        byte[] wrapped = [0x00, .. input];
        Rejected(() => RoundTrip(CommandMessage.Read(MessageType.Amf0Command, bytes)));
        Rejected(() => CommandMessage.Read(MessageType.Amf3Command, wrapped));
        Rejected(() => RoundTrip(DataMessage.Read(MessageType.Amf0Data, bytes)));
        Rejected(() => DataMessage.Read(MessageType.Amf3Data, wrapped));

        // Last, so that its rejection (the most common outcome) is what the target reports.
        var values = new List<object?>();
        var reader = new Amf0Reader(input);
        while (!reader.IsAtEnd)
        {
            values.Add(reader.ReadValue());
        }

        byte[] encoded = Amf0Writer.Encode([.. values]);
        var again = new Amf0Reader(encoded);
        foreach (object? value in values)
        {
            ContractViolationException.Require(AmfEquality.Equal(value, again.ReadValue()), "an AMF0 value changed through Amf0Writer");
        }

        ContractViolationException.Require(again.IsAtEnd, "Amf0Writer wrote more values than it was given");
    }

    private static void RoundTrip(CommandMessage command)
    {
        var back = CommandMessage.Read(MessageType.Amf0Command, command.Encode());
        ContractViolationException.Require(
            back.Name == command.Name
            && AmfEquality.Equal(back.TransactionId, command.TransactionId)
            && AmfEquality.Equal(back.CommandObject, command.CommandObject)
            && AmfEquality.Equal(back.Arguments, command.Arguments),
            $"command '{command.Name}' changed through Encode");
    }

    private static void RoundTrip(DataMessage data)
    {
        var back = DataMessage.Read(MessageType.Amf0Data, data.Encode());
        ContractViolationException.Require(back.Name == data.Name && AmfEquality.Equal(back.Values, data.Values), $"data '{data.Name}' changed through Encode");
    }

    /// <summary>Runs one decoder whose documented rejection is expected here and must not stop the others.</summary>
    private static void Rejected(Action decode)
    {
        try
        {
            decode();
        }
        catch (RtmpProtocolException)
        {
        }
    }
}

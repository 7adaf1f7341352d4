using Srs.Actors.Media;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Server;

/// <summary>
/// The server side of RTMP's command exchange, as a pure state machine: a client's messages in, its replies and the
/// events that need a decision out. It answers <c>connect</c>, <c>createStream</c>, <c>releaseStream</c>,
/// <c>FCPublish</c>, <c>FCUnpublish</c> and the courtesy calls itself; <c>publish</c> and <c>play</c> come out as
/// events, and the host (the connection actor, with its session) answers them through <see cref="ServerReplies"/>.
/// A client that breaks the exchange (anything before <c>connect</c>, <c>connect</c> twice) gets an
/// <see cref="RtmpProtocolException"/>.
/// </summary>
public sealed class ServerCommands(ServerReplies replies, uint windowAckSize, string connectionId)
{
    /// <summary>Whether <c>connect</c> has come.</summary>
    public bool Connected { get; private set; }

    /// <summary>The app of <c>connect</c>, with any query (<c>live?vhost=x</c>).</summary>
    public string App { get; private set; } = "";

    public string TcUrl { get; private set; } = "";

    /// <summary>Reads <paramref name="message"/>: what it means goes to <paramref name="events"/>, bytes to send to <paramref name="output"/>, in order.</summary>
    /// <exception cref="RtmpProtocolException">The client broke the command exchange.</exception>
    public void Handle(RtmpMessage message, List<ServerEvent> events, List<byte[]> output)
    {
        if (!Connected)
        {
            if (message.TypeId is not (MessageType.Amf0Command or MessageType.Amf3Command))
                throw new RtmpProtocolException($"message type {message.TypeId} before connect");
            var first = CommandMessage.Read(message.TypeId, message.Payload.Span);
            if (first.Name != "connect") throw new RtmpProtocolException($"'{first.Name}' before connect");
            OnConnect(first, events, output);
            return;
        }
        switch (message.TypeId)
        {
            case MessageType.Audio:
            case MessageType.Video:
                if (!message.Payload.IsEmpty)
                    events.Add(new ServerEvent(ServerEventKind.Media, Media: (MediaKind)message.TypeId, Timestamp: message.Timestamp, Body: message.Payload));
                break;
            case MessageType.Amf0Data:
            case MessageType.Amf3Data:
                var data = DataMessage.Read(message.TypeId, message.Payload.Span).UnwrapSetDataFrame();
                if (data.Name != "onMetaData") break;
                var body = new DataMessage("onMetaData", [data.Values.Count > 0 ? data.Values[0] : null]).Encode();
                events.Add(new ServerEvent(ServerEventKind.Metadata, Media: MediaKind.Script, Timestamp: message.Timestamp, Body: body));
                break;
            case MessageType.Amf0Command:
            case MessageType.Amf3Command:
                OnCommand(CommandMessage.Read(message.TypeId, message.Payload.Span), events, output);
                break;
            case MessageType.Aggregate:
                foreach (var part in AggregateMessage.Split(message)) Handle(part, events, output);
                break;
        }
    }

    private void OnConnect(CommandMessage c, List<ServerEvent> events, List<byte[]> output)
    {
        var o = c.CommandObject as AmfObject ?? throw new RtmpProtocolException("connect without a command object");
        App = o.GetString("app") ?? throw new RtmpProtocolException("connect without app");
        TcUrl = o.GetString("tcUrl") ?? "";
        double objectEncoding = o.GetNumber("objectEncoding") ?? 0;
        Connected = true;
        output.Add(replies.Control(new WindowAckSize(windowAckSize).ToMessage()));
        output.Add(replies.Control(new SetPeerBandwidth(windowAckSize, 2).ToMessage()));
        // SetChunkSize itself is one small chunk, so it reads the same at any chunk size; everything after it uses the new size.
        output.Add(replies.Control(new SetChunkSize(replies.ChunkSize).ToMessage()));
        var server = new AmfEcmaArray { { "version", ServerInfo.Version }, { "server", ServerInfo.Name }, { "srs_id", connectionId } };
        output.Add(replies.ConnectionCommand(StatusObjects.ConnectResult(c.TransactionId, objectEncoding, server)));
        output.Add(replies.ConnectionCommand(StatusObjects.OnBwDone()));
        events.Add(new ServerEvent(ServerEventKind.Connected, Text: o.GetString("flashVer") ?? ""));
    }

    private void OnCommand(CommandMessage c, List<ServerEvent> events, List<byte[]> output)
    {
        switch (c.Name)
        {
            case "connect":
                throw new RtmpProtocolException("connect sent twice");
            case "createStream":
                output.Add(replies.ConnectionCommand(StatusObjects.CallResult(c.TransactionId, (double)ServerReplies.StreamId)));
                break;
            case "releaseStream":
            case "FCPublish":
                // FMLE/OBS send these before publish; an empty _result is what they wait for.
                output.Add(replies.ConnectionCommand(StatusObjects.CallResult(c.TransactionId, AmfUndefined.Instance)));
                break;
            case "publish":
                events.Add(new ServerEvent(ServerEventKind.PublishRequested, Text: StreamName(c)));
                break;
            case "play":
                events.Add(new ServerEvent(ServerEventKind.PlayRequested, Text: StreamName(c)));
                break;
            case "FCUnpublish":
                events.Add(new ServerEvent(ServerEventKind.StreamClosed));
                output.Add(replies.StreamCommand(StatusObjects.OnFcUnpublish(StatusCodes.UnpublishSuccess, "Stop publishing.")));
                output.Add(replies.ConnectionCommand(StatusObjects.CallResult(c.TransactionId, AmfUndefined.Instance)));
                break;
            case "deleteStream":
            case "closeStream":
                events.Add(new ServerEvent(ServerEventKind.StreamClosed));
                break;
            case "pause":
                events.Add(new ServerEvent(ServerEventKind.Paused, Flag: c.Arguments.Count > 0 && c.Arguments[0] is true));
                break;
            case "receiveAudio":
            case "receiveVideo":
                events.Add(new ServerEvent(ServerEventKind.ReceiveToggled, Media: c.Name == "receiveAudio" ? MediaKind.Audio : MediaKind.Video,
                    Flag: c.Arguments.Count == 0 || c.Arguments[0] is not false));
                break;
            case "getStreamLength":
                output.Add(replies.ConnectionCommand(StatusObjects.CallResult(c.TransactionId, 0.0))); // live: no length
                break;
            case "_checkbw":
            case "FCSubscribe":
            case "_result":
            case "_error":
            case "onBWDone":
            case "setPeerInfo":
                break; // courtesy calls and replies some clients send; nothing to answer
            default:
                if (c.TransactionId != 0)
                    output.Add(replies.ConnectionCommand(StatusObjects.Error(c.TransactionId, StatusCodes.CallFailed, $"Method not found ({c.Name}).")));
                events.Add(new ServerEvent(ServerEventKind.UnknownCommand, Text: c.Name));
                break;
        }
    }

    private static string StreamName(CommandMessage c) =>
        c.Arguments.Count > 0 && c.Arguments[0] is string name ? name : throw new RtmpProtocolException($"{c.Name} without a stream name");
}

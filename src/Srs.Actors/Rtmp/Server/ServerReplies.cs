using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Server;

/// <summary>
/// The bytes a server sends a client besides media, chunked at the connection's outgoing chunk size: protocol control on
/// chunk stream 2, commands on the connection (stream 0) and on the one publish/play stream (stream 1) it hands out.
/// </summary>
public sealed class ServerReplies(int chunkSize)
{
    /// <summary>The message stream id createStream answers, and every publish, play and media message uses.</summary>
    public const uint StreamId = 1;

    public int ChunkSize => chunkSize;

    /// <summary>A command on the connection (stream 0), e.g. a <c>_result</c> to connect or createStream.</summary>
    public byte[] ConnectionCommand(CommandMessage command) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Command, 0, 0, command.Encode()), ChunkStreamIds.OverConnection, chunkSize);

    /// <summary>A command on the play/publish stream, e.g. an onStatus.</summary>
    public byte[] StreamCommand(CommandMessage command) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Command, StreamId, 0, command.Encode()), ChunkStreamIds.OverStream, chunkSize);

    public byte[] StreamData(DataMessage data) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Data, StreamId, 0, data.Encode()), ChunkStreamIds.OverStream, chunkSize);

    /// <summary>Protocol control messages go on chunk stream 2, stream 0.</summary>
    public static byte[] Control(RtmpMessage message, int chunkSize) => ChunkWriter.Encode(message, ChunkStreamIds.ProtocolControl, chunkSize);

    public byte[] Control(RtmpMessage message) => Control(message, chunkSize);

    /// <summary>What a publisher waits for once the stream is its: onFCPublish and NetStream.Publish.Start.</summary>
    public IEnumerable<byte[]> PublishStarted(string clientId)
    {
        yield return StreamCommand(StatusObjects.OnFcPublish(StatusCodes.PublishStart, "Started publishing stream."));
        yield return StreamCommand(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PublishStart, "Started publishing stream.", new AmfObject { { "clientid", clientId } }));
    }

    /// <summary>A player's preamble, before any media: StreamBegin, Play.Reset, Play.Start, |RtmpSampleAccess, Data.Start.</summary>
    public IEnumerable<byte[]> PlayStarted(string streamName, string clientId)
    {
        var details = new AmfObject { { "details", streamName }, { "clientid", clientId } };
        yield return Control(new UserControl(UserControlEvent.StreamBegin, StreamId).ToMessage());
        yield return StreamCommand(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayReset, "Playing and resetting stream.", details));
        yield return StreamCommand(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayStart, "Started playing stream.", details));
        yield return StreamData(new DataMessage("|RtmpSampleAccess", [true, true]));
        yield return StreamData(new DataMessage("onStatus", [new AmfObject { { "code", StatusCodes.DataStart } }]));
    }

    /// <summary>The error status of a refused publish or play.</summary>
    public byte[] Refused(bool publish, string description) => StreamCommand(publish
        ? StatusObjects.OnStatus(StatusLevels.Error, StatusCodes.PublishBadName, description)
        : StatusObjects.OnStatus(StatusLevels.Error, StatusCodes.PlayStreamNotFound, description));

    public byte[] PauseNotify(bool paused) => StreamCommand(paused
        ? StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PauseNotify, "Paused stream.")
        : StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.UnpauseNotify, "Unpaused stream."));
}

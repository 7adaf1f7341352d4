using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// Encodes what a server connection sends: media frames through their shared chunk encoding, stream events
/// as the onStatus a player expects, and this connection's own commands.
/// </summary>
public sealed class RtmpEncoder : IOutboundEncoder<OutboundItem>
{
    private readonly int chunkSize;
    private readonly byte[] unpublishNotify;
    private readonly byte[] publishNotify;

    public RtmpEncoder(int chunkSize)
    {
        this.chunkSize = chunkSize;
        unpublishNotify = StreamCommand(StatusObjects.OnStatus("status", StatusCodes.PlayUnpublishNotify, "stream is unpublished."));
        publishNotify = StreamCommand(StatusObjects.OnStatus("status", StatusCodes.PlayPublishNotify, "stream is published."));
    }

    public int ChunkSize => chunkSize;

    public ReadOnlyMemory<byte> Encode(in OutboundItem item)
    {
        if (item.Frame is not null) return item.Frame.GetRtmpChunks(chunkSize);
        if (item.Control is not null) return item.Control;
        return item.Event switch
        {
            StreamEvent.Unpublished => unpublishNotify,
            StreamEvent.Published => publishNotify,
            _ => ReadOnlyMemory<byte>.Empty,
        };
    }

    /// <summary>A command on the connection (stream 0), e.g. a <c>_result</c> to connect or createStream.</summary>
    public byte[] ConnectionCommand(CommandMessage command) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Command, 0, 0, command.Encode()), ChunkStreamIds.OverConnection, chunkSize);

    /// <summary>A command on the play/publish stream (stream 1), e.g. an onStatus.</summary>
    public byte[] StreamCommand(CommandMessage command) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Command, MediaFrame.PlayStreamId, 0, command.Encode()), ChunkStreamIds.OverStream, chunkSize);

    public byte[] StreamData(DataMessage data) =>
        ChunkWriter.Encode(new RtmpMessage(MessageType.Amf0Data, MediaFrame.PlayStreamId, 0, data.Encode()), ChunkStreamIds.OverStream, chunkSize);

    /// <summary>Protocol control messages go on chunk stream 2, stream 0.</summary>
    public static byte[] Control(RtmpMessage message, int chunkSize) =>
        ChunkWriter.Encode(message, ChunkStreamIds.ProtocolControl, chunkSize);

    public byte[] Control(RtmpMessage message) => Control(message, chunkSize);
}

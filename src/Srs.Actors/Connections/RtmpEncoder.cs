using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Rtmp.Server;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// Encodes what an RTMP connection's writer sends: media frames through their shared chunk encoding, stream events as
/// the onStatus a player expects, and the connection's own bytes as they were queued.
/// </summary>
public sealed class RtmpEncoder : IOutboundEncoder<OutboundItem>
{
    private readonly RtmpFrameEncoding frames;
    private readonly byte[] unpublishNotify;
    private readonly byte[] publishNotify;

    public RtmpEncoder(ServerReplies replies)
    {
        frames = RtmpFrameEncoding.For(replies.ChunkSize);
        unpublishNotify = replies.StreamCommand(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayUnpublishNotify, "stream is unpublished."));
        publishNotify = replies.StreamCommand(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayPublishNotify, "stream is published."));
    }

    public ReadOnlyMemory<byte> Encode(in OutboundItem item)
    {
        if (item.Frame is not null) return item.Frame.EncodedFor(frames);
        if (item.Control is not null) return item.Control;
        return item.Event switch
        {
            StreamEvent.Unpublished => unpublishNotify,
            StreamEvent.Published => publishNotify,
            _ => ReadOnlyMemory<byte>.Empty,
        };
    }
}

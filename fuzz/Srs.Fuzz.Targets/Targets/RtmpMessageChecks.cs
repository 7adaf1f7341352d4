using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Streams;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// Decodes a message the way <c>RtmpConnection</c> and the chunk reader do: control bodies, AMF commands and data
/// (with the onMetaData re-encoding a publish does), aggregates unpacked and their parts decoded, media inspected.
/// </summary>
internal static class RtmpMessageChecks
{
    private const int MaxAggregateDepth = 4;

    public static void Decode(RtmpMessage m, int depth = 0)
    {
        var body = m.Payload.Span;
        switch (m.TypeId)
        {
            case MessageType.SetChunkSize: SetChunkSize.Read(body); break;
            case MessageType.Abort: AbortMessage.Read(body); break;
            case MessageType.Acknowledgement: Acknowledgement.Read(body); break;
            case MessageType.UserControl: UserControl.Read(body); break;
            case MessageType.WindowAckSize: WindowAckSize.Read(body); break;
            case MessageType.SetPeerBandwidth: SetPeerBandwidth.Read(body); break;
            case MessageType.Audio: _ = new MediaFrame(MediaKind.Audio, m.Timestamp, m.Payload); FlvAudio.GetCodec(body); break;
            case MessageType.Video:
                _ = new MediaFrame(MediaKind.Video, m.Timestamp, m.Payload);
                FlvVideo.GetCodec(body);
                FlvVideo.GetCompositionTime(body);
                break;
            case MessageType.Amf0Data or MessageType.Amf3Data:
            {
                var data = DataMessage.Read(m.TypeId, body).UnwrapSetDataFrame();
                // A publisher's metadata is re-encoded for players: whatever was decoded must encode.
                new DataMessage(DataMessage.OnMetaData, [data.Values.Count > 0 ? data.Values[0] : null]).Encode();
                break;
            }

            case MessageType.Amf0Command or MessageType.Amf3Command:
                CommandMessage.Read(m.TypeId, body);
                break;
            case MessageType.Aggregate:
                // RtmpConnection.OnMessage recurses into aggregates exactly like this, so nesting must stay shallow:
                // at 15 bytes a level, a 16 MB message could otherwise nest a million deep and overflow the stack.
                ContractViolationException.Require(depth < MaxAggregateDepth, $"aggregates nest {depth} deep");
                foreach (var sub in AggregateMessage.Split(m))
                {
                    Decode(sub, depth + 1);
                }

                break;
        }
    }
}

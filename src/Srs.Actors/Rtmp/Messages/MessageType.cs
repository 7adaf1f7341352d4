namespace Srs.Actors.Rtmp.Messages;

/// <summary>RTMP message type ids (spec sections 5.4, 6.2 and 7.1).</summary>
public static class MessageType
{
    /// <summary>Protocol control: the sender's new chunk size.</summary>
    public const byte SetChunkSize = 1;

    /// <summary>Protocol control: discard a partially received message.</summary>
    public const byte Abort = 2;

    /// <summary>Protocol control: bytes received so far.</summary>
    public const byte Acknowledgement = 3;

    /// <summary>User control events (stream begin, ping, buffer length...).</summary>
    public const byte UserControl = 4;

    /// <summary>Protocol control: how many bytes may be sent before an acknowledgement is due.</summary>
    public const byte WindowAckSize = 5;

    /// <summary>Protocol control: limit the peer's output bandwidth (its window acknowledgement size).</summary>
    public const byte SetPeerBandwidth = 6;

    public const byte Audio = 8;

    public const byte Video = 9;

    public const byte Amf3Data = 15;

    public const byte Amf3SharedObject = 16;

    public const byte Amf3Command = 17;

    public const byte Amf0Data = 18;

    public const byte Amf0SharedObject = 19;

    public const byte Amf0Command = 20;

    /// <summary>Several audio/video/data messages packed as FLV tags; see <see cref="AggregateMessage"/>.</summary>
    public const byte Aggregate = 22;
}

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Shared length check for the fixed-size protocol control message bodies.</summary>
internal static class ControlPayload
{
    /// <summary>A short body is the peer's fault, so it is a protocol error that closes only its connection.</summary>
    public static void RequireLength(ReadOnlySpan<byte> payload, int length, string messageName)
    {
        if (payload.Length < length)
        {
            throw new RtmpProtocolException(
                $"{messageName} body is {payload.Length} bytes; it needs at least {length}.");
        }
    }
}

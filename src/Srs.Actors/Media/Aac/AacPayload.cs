namespace Srs.Actors.Media;

/// <summary>Builds legacy FLV/RTMP AAC audio bodies (FLV 10.1 E.4.2.1).</summary>
public static class AacPayload
{
    // SoundFormat 10 (AAC), SoundRate 3 (44 kHz), SoundSize 1 (16-bit), SoundType 1 (stereo). The FLV spec fixes the
    // rate and type flags for AAC whatever the real stream is; decoders take the truth from the AudioSpecificConfig.
    private const byte AacFlags = 0xAF;
    private const byte SequenceHeaderType = 0x00;
    private const byte RawType = 0x01;

    /// <summary>AF 00 + AudioSpecificConfig.</summary>
    public static byte[] SequenceHeader(AudioSpecificConfig asc)
    {
        ArgumentNullException.ThrowIfNull(asc);
        byte[] config = asc.Encode();
        var body = new byte[2 + config.Length];
        body[0] = AacFlags;
        body[1] = SequenceHeaderType;
        config.CopyTo(body.AsSpan(2));
        return body;
    }

    /// <summary>
    /// AF 01 + one raw AAC frame (no ADTS header). <paramref name="asc"/> does not change the bytes, since the flags are fixed
    /// for AAC; requiring it keeps callers from emitting frames before they have a sequence header to send.
    /// </summary>
    public static byte[] Raw(AudioSpecificConfig asc, ReadOnlySpan<byte> rawFrame)
    {
        ArgumentNullException.ThrowIfNull(asc);
        var body = new byte[2 + rawFrame.Length];
        body[0] = AacFlags;
        body[1] = RawType;
        rawFrame.CopyTo(body.AsSpan(2));
        return body;
    }
}

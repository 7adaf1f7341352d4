namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// MP3 needs no conversion for MPEG-TS: after the one FLV audio header byte (sound format 2, or 14 for "MP3 8 kHz"),
/// an FLV MP3 body is MPEG audio frames exactly as they appear in an elementary stream, each with its own sync word
/// and header, and there is no sequence header. Byte 1 onwards goes straight to <see cref="TsMuxer.WriteAudio"/>.
/// </summary>
public static class Mp3PassThrough
{
    private const int FormatMp3 = 2;
    private const int FormatMp3At8KHz = 14;

    /// <summary>The MPEG audio frame(s) of an FLV MP3 body; false for other formats and empty bodies.</summary>
    public static bool TryGetFrame(ReadOnlySpan<byte> flvAudioBody, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        if (flvAudioBody.Length < 2 || flvAudioBody[0] >> 4 is not (FormatMp3 or FormatMp3At8KHz))
        {
            return false;
        }

        frame = flvAudioBody[1..];
        return true;
    }
}

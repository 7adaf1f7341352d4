namespace Srs.Actors.Media.MpegTs;

/// <summary>The audio elementary stream a <see cref="TsMuxer"/> program carries, if any.</summary>
public enum TsAudioCodec
{
    None,

    /// <summary>AAC in ADTS frames (stream type 0x0F); FLV carries raw frames, see <see cref="AacToAdts"/>.</summary>
    Aac,

    /// <summary>MPEG audio layer III frames as FLV carries them (stream type 0x04), see <see cref="Mp3PassThrough"/>.</summary>
    Mp3,
}

namespace Srs.Actors.Media;

/// <summary>Audio codec carried by an RTMP/FLV audio body.</summary>
public enum AudioCodec
{
    /// <summary>Body empty, or a sound format the FLV spec leaves reserved.</summary>
    Unknown,
    Aac,
    Mp3,
    G711A,
    G711U,
    Speex,
    Opus,

    /// <summary>PCM, ADPCM, Nellymoser, FLAC, AC-3 and other formats we only pass through.</summary>
    Other,
}

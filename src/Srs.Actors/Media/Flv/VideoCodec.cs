namespace Srs.Actors.Media;

/// <summary>Video codec carried by an RTMP/FLV video body.</summary>
public enum VideoCodec
{
    /// <summary>Body too short, or a codec id the FLV spec leaves undefined.</summary>
    Unknown,
    Avc,
    Hevc,
    Av1,
    Vp9,

    /// <summary>A codec FLV defines (Sorenson, VP6, screen video, other FourCCs) that we only pass through.</summary>
    Other,
}

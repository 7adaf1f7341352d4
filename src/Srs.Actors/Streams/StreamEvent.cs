namespace Srs.Actors.Streams;

/// <summary>A change of the source that a consumer must learn in order with its media.</summary>
public enum StreamEvent : byte
{
    None = 0,
    Unpublished,
    Published,

    /// <summary>The publisher's upstream was cut (a pulled camera went away): what follows is a new session, from a keyframe.</summary>
    Cut,
}

namespace Srs.Actors.Streams;

/// <summary>A change of the source that a consumer must learn in order with its media.</summary>
public enum StreamEvent : byte
{
    None = 0,
    Unpublished,
    Published,
}

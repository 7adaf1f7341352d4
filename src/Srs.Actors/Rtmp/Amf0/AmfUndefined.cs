namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// The AMF0 <c>undefined</c> value (marker 0x06). A singleton so it is distinguishable from
/// <c>null</c> (marker 0x05), which some clients treat differently in command objects.
/// </summary>
public sealed class AmfUndefined
{
    public static readonly AmfUndefined Instance = new();

    private AmfUndefined()
    {
    }

    public override string ToString() => "undefined";
}

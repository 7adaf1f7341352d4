namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// An AMF0 ECMA (associative) array, marker 0x08. Same shape as an object on the wire apart
/// from a leading count; it is a distinct type because peers care which one they get
/// (<c>onMetaData</c> and the connect reply's <c>data</c> are expected as ECMA arrays).
/// <see cref="AmfObject.ClassName"/> is ignored when writing.
/// </summary>
public sealed class AmfEcmaArray : AmfObject
{
    public AmfEcmaArray()
    {
    }

    public AmfEcmaArray(int capacity)
        : base(capacity)
    {
    }
}

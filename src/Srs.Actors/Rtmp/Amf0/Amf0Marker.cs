namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// Type markers of the AMF0 wire format (AMF0 specification, section 2.1).
/// Kept public so the chunk and session layers can sniff a payload without decoding it.
/// </summary>
public static class Amf0Marker
{
    public const byte Number = 0x00;
    public const byte Boolean = 0x01;
    public const byte String = 0x02;
    public const byte Object = 0x03;

    /// <summary>Reserved by the specification; it defines no body, so it cannot be skipped.</summary>
    public const byte MovieClip = 0x04;

    public const byte Null = 0x05;
    public const byte Undefined = 0x06;
    public const byte Reference = 0x07;
    public const byte EcmaArray = 0x08;
    public const byte ObjectEnd = 0x09;
    public const byte StrictArray = 0x0A;
    public const byte Date = 0x0B;
    public const byte LongString = 0x0C;
    public const byte Unsupported = 0x0D;

    /// <summary>Reserved by the specification; it defines no body, so it cannot be skipped.</summary>
    public const byte RecordSet = 0x0E;

    public const byte XmlDocument = 0x0F;
    public const byte TypedObject = 0x10;

    /// <summary>Switches the rest of the value to AMF3, which this codec does not speak.</summary>
    public const byte AvmPlusObject = 0x11;
}

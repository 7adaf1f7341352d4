namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// AMF0 has a single numeric type (IEEE 754 double). Code that builds replies naturally uses
/// <c>int</c> or <c>long</c>, so both the writer and <see cref="AmfObject.GetNumber"/> widen
/// every primitive numeric type through this one place.
/// </summary>
internal static class AmfNumber
{
    public static bool TryToDouble(object? value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case int i: result = i; return true;
            case long l: result = l; return true;
            case uint u: result = u; return true;
            case float f: result = f; return true;
            case short s: result = s; return true;
            case ushort us: result = us; return true;
            case byte b: result = b; return true;
            case sbyte sb: result = sb; return true;
            case ulong ul: result = ul; return true;
            case decimal m: result = (double)m; return true;
            default: result = 0; return false;
        }
    }
}

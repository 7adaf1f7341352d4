using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Tests.Rtmp.Amf0;

/// <summary>Decoding shortcuts; a ref struct reader cannot be captured by lambdas, these can.</summary>
internal static class AmfDecode
{
    /// <summary>Decodes exactly one value and asserts nothing follows it.</summary>
    public static object? One(byte[] bytes)
    {
        var reader = new Amf0Reader(bytes);
        object? value = reader.ReadValue();
        Assert.True(reader.IsAtEnd, $"{bytes.Length - reader.Position} trailing byte(s)");
        return value;
    }

    public static List<object?> All(ReadOnlySpan<byte> bytes)
    {
        var reader = new Amf0Reader(bytes);
        var values = new List<object?>();
        while (!reader.IsAtEnd)
        {
            values.Add(reader.ReadValue());
        }

        return values;
    }
}

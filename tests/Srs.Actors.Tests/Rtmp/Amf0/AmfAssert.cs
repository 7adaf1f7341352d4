using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Tests.Rtmp.Amf0;

/// <summary>Structural equality over the AMF0 value model (AmfObject uses reference equality).</summary>
internal static class AmfAssert
{
    public static void Equivalent(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual}");
                return;
            case double number:
                var actualNumber = Assert.IsType<double>(actual);
                Assert.True(number.Equals(actualNumber), $"{path}: expected {number}, got {actualNumber}");
                return;
            case AmfObject obj:
                var actualObj = Assert.IsAssignableFrom<AmfObject>(actual);
                Assert.Equal(obj.GetType(), actualObj.GetType());
                Assert.Equal(obj.ClassName, actualObj.ClassName);
                Assert.Equal(obj.Count, actualObj.Count);
                using (var e = obj.GetEnumerator())
                using (var a = actualObj.GetEnumerator())
                {
                    while (e.MoveNext() && a.MoveNext())
                    {
                        Assert.Equal(e.Current.Key, a.Current.Key);
                        Equivalent(e.Current.Value, a.Current.Value, $"{path}.{e.Current.Key}");
                    }
                }

                return;
            case IReadOnlyList<object?> list:
                var actualList = Assert.IsType<List<object?>>(actual);
                Assert.Equal(list.Count, actualList.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    Equivalent(list[i], actualList[i], $"{path}[{i}]");
                }

                return;
            default:
                Assert.Equal(expected, actual);
                return;
        }
    }
}

using Srs.Actors.Rtmp.Amf0;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>Structural equality of decoded AMF0 values, numbers compared by bits (NaN equals NaN, 0 is not -0).</summary>
internal static class AmfEquality
{
    public static bool Equal(object? a, object? b, int depth = 0)
    {
        if (depth > Amf0Reader.MaxDepth + 1)
        {
            return false;
        }

        switch (a)
        {
            case null:
                return b is null;
            case AmfUndefined:
                return b is AmfUndefined;
            case double number:
                return b is double otherNumber && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(otherNumber);
            case bool flag:
                return b is bool otherFlag && flag == otherFlag;
            case string text:
                return b is string otherText && text == otherText;
            case AmfDate date:
                return b is AmfDate otherDate && date.TimeZone == otherDate.TimeZone
                    && BitConverter.DoubleToInt64Bits(date.MillisecondsSinceEpoch) == BitConverter.DoubleToInt64Bits(otherDate.MillisecondsSinceEpoch);
            case AmfObject x:
            {
                if (b is not AmfObject y || x.GetType() != y.GetType() || x.ClassName != y.ClassName || x.Count != y.Count)
                {
                    return false;
                }

                using var left = x.GetEnumerator();
                using var right = y.GetEnumerator();
                while (left.MoveNext() && right.MoveNext())
                {
                    if (left.Current.Key != right.Current.Key || !Equal(left.Current.Value, right.Current.Value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            case IReadOnlyList<object?> list:
            {
                if (b is not IReadOnlyList<object?> otherList || list.Count != otherList.Count)
                {
                    return false;
                }

                for (int i = 0; i < list.Count; i++)
                {
                    if (!Equal(list[i], otherList[i], depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            default:
                return false;
        }
    }
}

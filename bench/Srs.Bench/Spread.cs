namespace Srs.Bench;

/// <summary>Min, median (nearest rank) and max of a set of per-player figures; all zero for an empty set.</summary>
internal readonly record struct Spread(double Min, double Median, double Max)
{
    public static Spread Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return default;
        }

        values.Sort();
        return new Spread(values[0], values[(values.Count - 1) / 2], values[^1]);
    }
}

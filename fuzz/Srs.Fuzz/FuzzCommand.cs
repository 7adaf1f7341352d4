using System.Globalization;
using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

/// <summary>Parses the command line and dispatches to a mode.</summary>
internal static class FuzzCommand
{
    private const string Usage =
        "usage: Srs.Fuzz list\n" +
        "       Srs.Fuzz afl TARGET              (under afl-fuzz, with an instrumented Srs.Actors.dll: fuzz/run-afl.sh)\n" +
        "       Srs.Fuzz libfuzzer TARGET        (under libfuzzer-dotnet)\n" +
        "       Srs.Fuzz replay TARGET [PATH...] (default: fuzz/corpus/TARGET and fuzz/regressions/TARGET)\n" +
        "       Srs.Fuzz random TARGET|all [--seed N] [--iterations M] [--seconds S] [--save DIR]";

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            return args[0] switch
            {
                "list" => List(),
                "afl" when args.Length == 2 => AflMode.Run(FuzzTargets.Find(args[1])),
                "libfuzzer" when args.Length == 2 => LibFuzzerMode.Run(FuzzTargets.Find(args[1])),
                "replay" when args.Length >= 2 => ReplayMode.Run(FuzzTargets.Find(args[1]), args[2..]),
                "random" when args.Length >= 2 => RandomMode.Run(args[1], Options(args[2..])),
                _ => Fail(),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static int List()
    {
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine($"{target.Name,-11} {target.Contract}");
        }

        return 0;
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static RandomOptions Options(string[] args)
    {
        var options = new RandomOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seed": options = options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--iterations": options = options with { Iterations = long.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--seconds": options = options with { Budget = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) }; break;
                case "--save": options = options with { SaveDirectory = value }; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return options;
    }
}

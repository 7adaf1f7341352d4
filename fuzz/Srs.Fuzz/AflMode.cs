using SharpFuzz;
using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

/// <summary>
/// Coverage-guided fuzzing under afl-fuzz. The target's documented rejections are caught here; anything else
/// escapes to SharpFuzz, which reports it to afl-fuzz as a crash. Out of process, so that a stack overflow or
/// an out-of-memory also counts as a crash rather than killing the fork server.
/// </summary>
internal static class AflMode
{
    public static int Run(FuzzTarget target)
    {
        Fuzzer.OutOfProcess.Run(stream =>
        {
            byte[] input = ReadUpTo(stream, target.MaxInputLength);
            var breach = target.Check(input);
            if (breach is not null)
            {
                throw new ContractBreachException(target, breach);
            }
        });
        return 0;
    }

    private static byte[] ReadUpTo(Stream stream, int max)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while (buffer.Length < max && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}

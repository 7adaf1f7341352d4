using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;

namespace Srs.ClusterScale;

/// <summary>
/// A worker: this same program, run as <c>worker ...</c> in its own OS process. It talks by lines: it prints
/// <c>@@STARTED ms</c>, <c>@@READY ms</c> (unix ms) and <c>@@SNAP id k=v ...</c> on stdout, and reads
/// <c>SNAP id</c> on stdin; it exits when stdin closes, so it never outlives the coordinator.
/// Its stderr is the coordinator's.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<long> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Dictionary<string, double>>> snaps = new();
    private int nextSnap;

    private WorkerProcess(Process process)
    {
        this.process = process;
        _ = Task.Run(ReadLoopAsync);
    }

    public int Pid => this.process.Id;

    /// <summary>Unix ms when all of its systems were created.</summary>
    public Task<long> Started => started.Task;

    /// <summary>Unix ms when all of its systems saw the whole cluster Up (member) or all clients had an answer (client).</summary>
    public Task<long> Ready => ready.Task;

    public static WorkerProcess Start(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        string self = Environment.ProcessPath!;
        psi.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new WorkerProcess(Process.Start(psi)!);
    }

    public async Task<Dictionary<string, double>> SnapAsync(TimeSpan timeout)
    {
        int id = Interlocked.Increment(ref nextSnap);
        var tcs = new TaskCompletionSource<Dictionary<string, double>>(TaskCreationOptions.RunContinuationsAsynchronously);
        snaps[id] = tcs;
        await this.process.StandardInput.WriteLineAsync($"SNAP {id}");
        await this.process.StandardInput.FlushAsync();
        return await tcs.Task.WaitAsync(timeout);
    }

    private async Task ReadLoopAsync()
    {
        while (await this.process.StandardOutput.ReadLineAsync() is { } line)
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (f.FirstOrDefault())
            {
                case "@@STARTED":
                    started.TrySetResult(long.Parse(f[1]));
                    break;
                case "@@READY":
                    ready.TrySetResult(long.Parse(f[1]));
                    break;
                case "@@SNAP" when snaps.TryRemove(int.Parse(f[1]), out var tcs):
                    tcs.TrySetResult(Tally.Parse(f.Skip(2)));
                    break;
                default:
                    Console.Error.WriteLine($"[worker {this.process.Id}] {line}");
                    break;
            }
        }

        var gone = new InvalidOperationException($"worker {this.process.Id} exited");
        started.TrySetException(gone);
        ready.TrySetException(gone);
    }

    /// <summary>Closes its stdin: the worker exits at once. Close all before waiting for any.</summary>
    public void Close()
    {
        try
        {
            this.process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Close();
            if (!this.process.WaitForExit(5000))
            {
                this.process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        this.process.Dispose();
    }
}

/// <summary>The worker side of the protocol.</summary>
internal static class Worker
{
    public static async Task<int> RunAsync(string mode, string target, int count, int expect, TimeSpan pause,
        TimeSpan interval, int parallel, double perSecond)
    {
        // Read stdin from the start: a coordinator that dies while systems are still being created ends us too.
        var commands = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is { } line)
            {
                string[] f = line.Split(' ');
                if (f[0] == "SNAP")
                {
                    Console.Out.WriteLine($"@@SNAP {f[1]} {Tally.Format(Tally.Process.Snapshot())}");
                }
            }

            // The coordinator is done (or gone): no graceful leave, the run is over.
            CountingLogger.Quiet = true;
            if (!CountingLogger.Kinds.IsEmpty)
            {
                Console.Error.WriteLine($"[worker {Environment.ProcessId}] warnings/errors by kind:{Environment.NewLine}{CountingLogger.TopKinds(8)}");
            }

            Environment.Exit(0);
        });

        ActorSystem[] systems;
        if (mode == "member")
        {
            var seed = Address.Parse(target);
            systems = await Hosts.StartManyAsync(count, parallel, perSecond, _ => Hosts.StartCameraMember(seed, pause));
        }
        else
        {
            var contact = ActorPath.Parse(target);
            systems = await Hosts.StartManyAsync(count, parallel, perSecond, i => Hosts.StartClient(i, contact, interval));
        }

        Console.Out.WriteLine($"@@STARTED {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        _ = Task.Run(async () =>
        {
            while (mode == "member"
                       ? !systems.All(s => Hosts.Converged(s, expect, requireSeen: false))
                       : Tally.Process.Get("connected") < count)
            {
                await Task.Delay(250);
            }

            Console.Out.WriteLine($"@@READY {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        });

        await commands;
        return 0;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>A real HTTP hook server inside the test: records every call and answers as the test decides.</summary>
public sealed class HookServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<JsonElement, Task<(int Status, string Body)>> answer;
    private readonly CancellationTokenSource cts = new();

    public HookServer(Func<JsonElement, Task<(int Status, string Body)>> answer)
    {
        this.answer = answer;
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";
    public ConcurrentQueue<JsonElement> Calls { get; } = new();

    public IEnumerable<JsonElement> CallsOf(string action) => Calls.Where(c => c.GetProperty("action").GetString() == action);

    private async Task LoopAsync()
    {
        while (!cts.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                var json = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                Calls.Enqueue(json);
                var (status, body) = await answer(json);
                ctx.Response.StatusCode = status;
                var bytes = Encoding.UTF8.GetBytes(body);
                try
                {
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                    ctx.Response.Close();
                }
                catch (Exception) { }
            });
        }
    }

    public void Dispose()
    {
        cts.Cancel();
        listener.Close();
    }
}

using System.Net.Http.Headers;
using System.Text.Json;

namespace Srs.Actors.Hooks;

/// <summary>The verdict of the hooks of one event: allowed, or why not.</summary>
public sealed record HookVerdict(bool Allowed, string Reason)
{
    public static readonly HookVerdict Allow = new(true, "");
}

/// <summary>
/// Calls SRS-style HTTP hooks. Callers await it from outside any actor's thread (or pipe the task to the
/// actor), so a slow or dead hook server delays only the client it concerns, never a stream.
/// </summary>
public sealed class HttpHooks(HookSettings settings, HttpClient http)
{
    public HookSettings Settings => settings;

    /// <summary>on_publish / on_play: every URL must answer HTTP 200/201 with <c>0</c> or <c>{"code":0}</c>.</summary>
    public async Task<HookVerdict> AuthorizeAsync(IReadOnlyList<string> urls, HookEvent e)
    {
        if (urls.Count == 0) return HookVerdict.Allow;
        var body = e.ToJson();
        foreach (var url in urls)
        {
            var verdict = await PostAsync(url, body).ConfigureAwait(false);
            if (!verdict.Allowed) return verdict;
        }
        return HookVerdict.Allow;
    }

    /// <summary>on_unpublish / on_stop / on_hls: failures are only reported, through <paramref name="onFailure"/>.</summary>
    public void Notify(IReadOnlyList<string> urls, HookEvent e, Action<string>? onFailure)
    {
        if (urls.Count == 0) return;
        var body = e.ToJson();
        _ = Task.Run(async () =>
        {
            foreach (var url in urls)
            {
                var verdict = await PostAsync(url, body).ConfigureAwait(false);
                if (!verdict.Allowed) onFailure?.Invoke(verdict.Reason);
            }
        });
    }

    private async Task<HookVerdict> PostAsync(string url, byte[] body)
    {
        Metrics.SrsMetrics.HookCalls.Add(1);
        var verdict = await CallAsync(url, body).ConfigureAwait(false);
        if (!verdict.Allowed) Metrics.SrsMetrics.HookFailures.Add(1);
        return verdict;
    }

    private async Task<HookVerdict> CallAsync(string url, byte[] body)
    {
        using var cts = new CancellationTokenSource(settings.Timeout);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content, cts.Token).ConfigureAwait(false);
            var text = (await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false)).Trim();
            var status = (int)response.StatusCode;
            if (status != 200 && status != 201) return new HookVerdict(false, $"hook {url} answered HTTP {status}");
            if (IsZero(text)) return HookVerdict.Allow;
            return new HookVerdict(false, $"hook {url} answered '{Shorten(text)}'");
        }
        catch (OperationCanceledException)
        {
            return new HookVerdict(false, $"hook {url} timed out after {settings.Timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException ex)
        {
            return new HookVerdict(false, $"hook {url} failed: {ex.Message}");
        }
    }

    private static bool IsZero(string text)
    {
        if (text == "0") return true;
        if (!text.StartsWith('{')) return false;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}

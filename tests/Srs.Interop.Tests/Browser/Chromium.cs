using System.Text.Json;
using Microsoft.Playwright;

namespace Srs.Interop.Tests.Browser;

/// <summary>
/// Debian's headless Chromium (<c>apt-get install chromium</c>), driven by Playwright with a fresh profile.
/// Playwright never downloads a browser here: it is given the system's executable.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>The browser: <c>SRS_CHROMIUM</c> if set, else Debian's.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("SRS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;
    private readonly string userDataDir;

    private Chromium(IPlaywright playwright, IBrowserContext context, string userDataDir)
    {
        this.playwright = playwright;
        this.context = context;
        this.userDataDir = userDataDir;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"no Chromium at {ExecutablePath}: apt-get install chromium (scripts/test.sh does), or set SRS_CHROMIUM");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var userDataDir = Path.Combine(Path.GetTempPath(), "srs-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                ViewportSize = new ViewportSize { Width = 1000, Height = 720 },
                Timeout = 60_000,
            });
            context.SetDefaultTimeout(30_000);
            return new Chromium(playwright, context, userDataDir);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new tab whose console errors and uncaught exceptions are kept in <see cref="BrowserPage.Problems"/>.</summary>
    public async Task<BrowserPage> NewPageAsync()
    {
        var page = await context.NewPageAsync();
        var result = new BrowserPage(page);
        page.Console += (_, m) =>
        {
            if (m.Type == "error") result.Log(result.problems, $"console error: {m.Text} ({m.Location})");
            else if (m.Type == "warning") result.Log(result.warnings, $"console warning: {m.Text} ({m.Location})");
        };
        page.PageError += (_, e) => result.Log(result.problems, "uncaught: " + e);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        try { await context.CloseAsync(); }
        finally
        {
            playwright.Dispose();
            try { Directory.Delete(userDataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

public sealed class BrowserPage(IPage page)
{
    internal readonly List<string> problems = new(), warnings = new();

    public IPage Page { get; } = page;

    /// <summary>Console errors and uncaught exceptions.</summary>
    public IReadOnlyList<string> Problems
    {
        get { lock (problems) return problems.ToList(); }
    }

    /// <summary>Console warnings (the players' own notices, such as a startup seek).</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (problems) return warnings.ToList(); }
    }

    internal void Log(List<string> list, string line)
    {
        lock (problems) list.Add(line);
    }

    /// <summary>Where screenshots go: kept after the run, one folder, overwritten by the next run.</summary>
    public static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(Path.GetTempPath(), "srs-browser-tests");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        var file = Path.Combine(ScreenshotDir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    /// <summary>The player page's <c>srsPlayer.stats()</c>, with the browser's wall clock as <c>now</c>.</summary>
    public async Task<JsonElement> PlayerStatsAsync() =>
        await Page.EvaluateAsync<JsonElement>("() => ({ ...window.srsPlayer.stats(), now: Date.now() })");
}

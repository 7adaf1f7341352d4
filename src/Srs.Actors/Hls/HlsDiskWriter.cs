using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>
/// Mirrors a stream's HLS to <c>DIR/app/stream.m3u8</c> and its segments, off the actor's thread and in
/// order: each file is written to a temporary name and renamed, so a reader never sees half a file.
/// </summary>
public sealed class HlsDiskWriter
{
    private readonly string directory;
    private readonly string playlistPath;
    private readonly Action<string> warn;
    private Task tail = Task.CompletedTask;

    public HlsDiskWriter(string root, StreamKey key, Action<string> warn)
    {
        this.warn = warn;
        directory = Path.Combine(root, key.App);
        playlistPath = Path.Combine(directory, key.Stream + ".m3u8");
    }

    /// <summary>
    /// Queues the segment and the playlist that lists it. The segment's bytes are leased here, on the caller's thread, so
    /// they stay readable while a slow disk lags behind the window; the lease ends when the file is written.
    /// </summary>
    public void Write(HlsSegmentFile segment, string playlist, IReadOnlyList<HlsSegmentFile> removed)
    {
        var names = removed.Select(r => r.Name).ToList();
        var leased = segment.Data.TryAcquire();
        Then(async () =>
        {
            try
            {
                System.IO.Directory.CreateDirectory(directory);
                if (leased) await WriteAtomicallyAsync(Path.Combine(directory, segment.Name), segment.Data).ConfigureAwait(false);
                await WriteAtomicallyAsync(playlistPath, SegmentBytes.Unpooled(System.Text.Encoding.UTF8.GetBytes(playlist))).ConfigureAwait(false);
                foreach (var n in names) File.Delete(Path.Combine(directory, n));
            }
            finally
            {
                if (leased) segment.Data.Release();
            }
        });
    }

    public void RemoveAll(IEnumerable<HlsSegmentFile> segments)
    {
        var names = segments.Select(s => s.Name).ToList();
        Then(() =>
        {
            File.Delete(playlistPath);
            foreach (var n in names) File.Delete(Path.Combine(directory, n));
            return Task.CompletedTask;
        });
    }

    private void Then(Func<Task> work)
    {
        tail = tail.ContinueWith(async _ =>
        {
            try { await work().ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warn($"cannot write HLS files under {directory}: {e.Message}");
            }
        }, TaskScheduler.Default).Unwrap();
    }

    private static async Task WriteAtomicallyAsync(string path, SegmentBytes data)
    {
        var temp = path + ".tmp";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true))
            await data.WriteToAsync(file, CancellationToken.None).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}

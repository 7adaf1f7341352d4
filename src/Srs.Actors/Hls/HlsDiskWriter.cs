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

    public void Write(HlsSegmentFile segment, string playlist, IReadOnlyList<HlsSegmentFile> removed) =>
        Then(async () =>
        {
            System.IO.Directory.CreateDirectory(directory);
            await WriteAtomicallyAsync(Path.Combine(directory, segment.Name), segment.Data).ConfigureAwait(false);
            await WriteAtomicallyAsync(playlistPath, System.Text.Encoding.UTF8.GetBytes(playlist)).ConfigureAwait(false);
            foreach (var r in removed) File.Delete(Path.Combine(directory, r.Name));
        });

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

    private static async Task WriteAtomicallyAsync(string path, byte[] data)
    {
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, data).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}

using System.Threading.Channels;
using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Dvr;

/// <summary>What the writer tells its recorder, from its own task.</summary>
public abstract record DvrWriterEvent;

public sealed record DvrFileOpened(string Path, string Reason) : DvrWriterEvent;

public sealed record DvrFileClosed(string Path, long Bytes, long DurationMs) : DvrWriterEvent;

/// <summary>A write failed (no space, a card gone): the file ends at its last complete fragment; the recorder pauses.</summary>
public sealed record DvrWriteFailed(string Path, string Reason) : DvrWriterEvent;

/// <summary>Something done to the disk worth one log line: a torn tail repaired, an old file deleted.</summary>
public sealed record DvrDiskNotice(string Message) : DvrWriterEvent;

/// <summary>
/// One recorder's files, written by one task so a slow or full card never holds the actor: each fragment is one
/// write call, synced per <see cref="DvrSettings.Fsync"/>. A file is created, never reopened or overwritten (a taken
/// name gets <c>-N</c>); before the first one, a torn tail left by a power cut on the stream's newest file is cut back
/// to its last complete fragment. After each file the node's recordings are swept (<see cref="DvrRetention"/>).
/// </summary>
public sealed class DvrFileWriter
{
    private sealed record Work(DvrOutput Output, DateTime Utc);

    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string folder;
    private readonly DvrSettings settings;
    private readonly Action<DvrWriterEvent> report;
    private readonly Task loop;
    private FileStream? file;
    private string? path;
    private long written, pending;
    private int fragments;
    private bool repaired;

    public DvrFileWriter(string folder, DvrSettings settings, Action<DvrWriterEvent> report)
    {
        this.folder = folder;
        this.settings = settings;
        this.report = report;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Bytes queued and not yet written: the recorder drops (and starts a new file) when a slow disk lets this grow.</summary>
    public long PendingBytes => Interlocked.Read(ref pending);

    public void Enqueue(DvrOutput output, DateTime nowUtc)
    {
        if (output is DvrAppend a) Interlocked.Add(ref pending, a.Fragment.Length);
        work.Writer.TryWrite(new Work(output, nowUtc));
    }

    /// <summary>Finishes what is queued (the open file is closed by the muxer's last <see cref="DvrClose"/>), then ends.</summary>
    public Task CompleteAsync()
    {
        work.Writer.TryComplete();
        return loop;
    }

    private async Task RunAsync()
    {
        await foreach (var item in work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (item.Output)
                {
                    case DvrOpen o:
                        Open(o, item.Utc);
                        break;
                    case DvrAppend a:
                        Interlocked.Add(ref pending, -a.Fragment.Length);
                        Append(a.Fragment, settings.Fsync == DvrFsync.Fragment);
                        if (file is not null) fragments++;
                        break;
                    case DvrClose c:
                        Close(c.DurationMs);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(e.Message);
            }
        }

        if (file is not null) Close(0);
    }

    private void Open(DvrOpen open, DateTime utc)
    {
        if (file is not null) Close(0);
        Directory.CreateDirectory(folder);
        if (!repaired)
        {
            repaired = true;
            RepairNewest();
        }

        Sweep(null);
        for (int attempt = 0; file is null; attempt++)
        {
            var candidate = Path.Combine(folder, DvrFileName.For(utc, attempt));
            if (File.Exists(candidate)) continue;
            file = new FileStream(candidate, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 });
            path = candidate;
        }

        written = 0;
        fragments = 0;
        report(new DvrFileOpened(path!, open.Reason));
        Append(open.Init, settings.Fsync == DvrFsync.Fragment);
    }

    private void Append(byte[] data, bool sync)
    {
        if (file is null) return; // the file failed: nothing more until the next one
        file.Write(data);
        written += data.Length;
        if (sync) file.Flush(flushToDisk: true);
    }

    private void Close(long durationMs)
    {
        if (file is null) return;
        var closed = path!;
        try
        {
            if (settings.Fsync != DvrFsync.Off) file.Flush(flushToDisk: true);
        }
        finally
        {
            file.Dispose();
            file = null;
            path = null;
        }

        if (fragments == 0)
        {
            File.Delete(closed); // a header and no picture is no recording
            return;
        }

        report(new DvrFileClosed(closed, written, durationMs));
        Sweep(null);
    }

    /// <summary>A write failed part way: cut the file back to its last whole fragment, so a finished prefix stays playable.</summary>
    private void Fail(string reason)
    {
        var failed = path ?? folder;
        if (file is not null)
        {
            try
            {
                file.SetLength(written);
                file.Dispose();
                if (fragments == 0) File.Delete(failed); // no complete fragment: no recording at all
            }
            catch (IOException) { } // the card may be gone altogether
            catch (ObjectDisposedException) { }
            file = null;
            path = null;
        }

        report(new DvrWriteFailed(failed, reason));
    }

    private void RepairNewest()
    {
        var newest = Directory.EnumerateFiles(folder, "*" + DvrFileName.Extension)
            .Where(f => DvrFileName.TryParse(Path.GetFileName(f), out _))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).LastOrDefault();
        if (newest is null) return;
        using var stream = new FileStream(newest, FileMode.Open, FileAccess.ReadWrite);
        var layout = Mp4FileScanner.Scan(stream);
        if (layout.ValidLength == stream.Length) return;
        long torn = stream.Length;
        if (layout.Fragments.Count == 0)
        {
            stream.Dispose();
            File.Delete(newest);
            report(new DvrDiskNotice($"deleted {newest}: {torn} bytes with no complete fragment"));
            return;
        }

        stream.SetLength(layout.ValidLength);
        stream.Flush(flushToDisk: true);
        report(new DvrDiskNotice($"repaired {newest}: torn tail cut from {torn} to {layout.ValidLength} bytes ({layout.Fragments.Count} fragments)"));
    }

    private void Sweep(string? keep)
    {
        if (settings.Retention <= TimeSpan.Zero && settings.MaxBytes <= 0) return;
        var open = new HashSet<string>(StringComparer.Ordinal);
        if (path is not null) open.Add(path);
        if (keep is not null) open.Add(keep);
        foreach (var gone in DvrRetention.Choose(DvrRetention.List(settings.Directory), DateTime.UtcNow, settings.Retention, settings.MaxBytes, open))
        {
            try
            {
                File.Delete(gone.Path);
                report(new DvrDiskNotice($"deleted {gone.Path} ({gone.Bytes} bytes, started {gone.StartUtc:O}): retention"));
            }
            catch (IOException) { } // another recorder's sweep got it first
        }
    }
}

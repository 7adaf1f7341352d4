using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

/// <summary>FLV tag bodies as an H.264/AAC publisher sends them.</summary>
internal static class Frames
{
    public static PublishFrame VideoHeader(uint ts = 0) => new(MediaKind.Video, ts, new byte[] { 0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x0D });
    public static PublishFrame Key(uint ts, byte tag = 0) => new(MediaKind.Video, ts, new byte[] { 0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65, tag });
    public static PublishFrame Inter(uint ts, byte tag = 0) => new(MediaKind.Video, ts, new byte[] { 0x27, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x41, tag });
    public static PublishFrame AudioHeader(uint ts = 0) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x00, 0x12, 0x10 });
    public static PublishFrame Audio(uint ts, byte tag = 0) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x01, 0x21, tag });
    public static PublishFrame Metadata(uint ts = 0) => new(MediaKind.Script, ts, new byte[] { 0x02, 0x00, 0x0A, (byte)'o', (byte)'n', (byte)'M', (byte)'e', (byte)'t', (byte)'a', (byte)'D', (byte)'a', (byte)'t', (byte)'a', 0x05 });

    /// <summary>
    /// Everything queued until nothing came for <paramref name="settle"/>. With <paramref name="frames"/>, first
    /// waits up to 10 s for that many media frames: a loaded machine may deliver the first one later than the settle
    /// time, and a short drain must not pass for a missing frame. Frames beyond that count are still collected.
    /// </summary>
    public static async Task<List<OutboundItem>> DrainAllAsync(OutboundQueue queue, TimeSpan settle, int frames = 0)
    {
        var all = new List<OutboundItem>();
        int seen = 0;
        while (true)
        {
            using var cts = new CancellationTokenSource(seen < frames ? TimeSpan.FromSeconds(10) : settle);
            List<OutboundItem>? batch;
            try { batch = await queue.DrainAsync(cts.Token); }
            catch (OperationCanceledException) { return all; }
            if (batch is null) return all;
            all.AddRange(batch);
            seen += batch.Count(i => i.Frame is not null);
            queue.Recycle(batch);
        }
    }

    public static List<MediaFrame> MediaOf(IEnumerable<OutboundItem> items) =>
        items.Where(i => i.Frame is not null).Select(i => i.Frame!).ToList();
}

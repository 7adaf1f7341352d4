using Srs.Actors.Ingest;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Tests.Rtmp.Client;

namespace Srs.Actors.Tests.Ingest;

public sealed class ReconnectingPublisherTests
{
    private static readonly byte[] Metadata = [0x02, 0x00, 0x0A, .. "onMetaData"u8, 0x05];
    private static readonly byte[] VideoHeader = [0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x0D];
    private static readonly byte[] OtherVideoHeader = [0x17, 0x00, 0, 0, 0, 0x01, 0x4D, 0x00, 0x1F];
    private static readonly byte[] AudioHeader = [0xAF, 0x00, 0x12, 0x10];

    private static FlvTag Key(uint ts, byte mark) => new(MediaKind.Video, ts, new byte[] { 0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65, mark });

    private static FlvTag Inter(uint ts, byte mark) => new(MediaKind.Video, ts, new byte[] { 0x27, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x41, mark });

    private static FlvTag Audio(uint ts, byte mark) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x01, 0x21, mark });

    private static bool IsMedia(RtmpMessage m) => m.TypeId is MessageType.Audio or MessageType.Video or MessageType.Amf0Data;

    [Fact]
    public async Task It_starts_at_a_keyframe_with_the_kept_headers_and_sends_a_header_again_only_when_it_changes()
    {
        await using var server = FakeRtmpServer.Start();
        var lines = new List<string>();
        var publisher = new ReconnectingPublisher(server.Url(), lines.Add);
        FlvTag[] tags =
        [
            new(MediaKind.Script, 0, Metadata), new(MediaKind.Video, 0, VideoHeader), new(MediaKind.Audio, 0, AudioHeader),
            Audio(0, 1), Inter(0, 2),                     // before the first keyframe: useless to a player, dropped
            Key(40, 3), Audio(45, 4), Inter(80, 5),
            new(MediaKind.Video, 120, VideoHeader),        // the same header again: nothing to send
            Inter(120, 6),
            new(MediaKind.Video, 160, OtherVideoHeader),   // a new one goes out at once
            Key(160, 7),
        ];
        await publisher.RunAsync(new ListSource(tags, TimeSpan.Zero), CancellationToken.None);

        var sent = new List<RtmpMessage>();
        for (int i = 0; i < 9; i++) sent.Add(await server.NextAsync(IsMedia));
        Assert.Equal(MessageType.Amf0Data, sent[0].TypeId);
        Assert.Equal(VideoHeader, sent[1].Payload.ToArray());
        Assert.Equal(AudioHeader, sent[2].Payload.ToArray());
        Assert.All(sent.Take(4), m => Assert.Equal(40u, m.Timestamp)); // headers go out with the keyframe they precede
        Assert.Equal([3, 4, 5, 6], sent.Skip(3).Take(4).Select(m => m.Payload.Span[^1]));
        Assert.Equal(OtherVideoHeader, sent[7].Payload.ToArray());
        Assert.Equal(7, sent[8].Payload.Span[^1]);
        Assert.Equal(4, publisher.Counters.VideoFrames);
        Assert.Equal(2, publisher.Counters.Dropped);
        Assert.Contains(lines, l => l.StartsWith("publishing to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_server_hangs_up_the_source_runs_on_and_its_frames_are_dropped()
    {
        await using var server = FakeRtmpServer.Start();
        var lines = new List<string>();
        var publisher = new ReconnectingPublisher(server.Url(), line => { lock (lines) lines.Add(line); });
        var tags = new List<FlvTag> { new(MediaKind.Video, 0, VideoHeader), Key(0, 0) };
        for (int i = 1; i < 40; i++) tags.Add(i % 10 == 0 ? Key((uint)i * 40, (byte)i) : Inter((uint)i * 40, (byte)i));
        var run = publisher.RunAsync(new ListSource(tags, TimeSpan.FromMilliseconds(20)), CancellationToken.None);

        await server.NextAsync(m => m.TypeId == MessageType.Video && m.Payload.Span[0] == 0x17 && m.Payload.Span[1] == 1);
        server.Hangup();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        lock (lines) Assert.Contains(lines, l => l.StartsWith("connection lost", StringComparison.Ordinal));
        Assert.True(publisher.Counters.Dropped > 10, $"only {publisher.Counters.Dropped} frames dropped");
        Assert.False(publisher.Counters.Publishing);
    }
}

using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtmp;

/// <summary>
/// A player stays through an unpublish and continues with the next publisher. ffmpeg and librtmp end on
/// UnpublishNotify by their own choice, so the player here is our RTMP client, recording what it gets.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RepublishTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task A_player_continues_with_the_new_sequence_headers_after_a_republish()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "again");
        await using var player = await RtmpClient.ConnectAsync(url);
        await player.PlayAsync();

        var recording = Path.Combine(media.Directory, "again.flv");
        var statuses = new List<string>();
        using var stop = new CancellationTokenSource();
        var record = Task.Run(async () =>
        {
            await using var file = File.Create(recording);
            await file.WriteAsync(FlvWriter.FileHeader(hasAudio: true, hasVideo: true));
            try
            {
                while (await player.ReadAsync(stop.Token) is { } e)
                {
                    if (e is StatusEvent s) lock (statuses) statuses.Add(s.Code);
                    else if (e is MediaEvent m && m.Kind != MediaKind.Script) await file.WriteAsync(FlvWriter.EncodeTag(m.Kind, m.Timestamp, m.Body.Span));
                }
            }
            catch (OperationCanceledException) { }
        });

        for (int round = 0; round < 2; round++)
        {
            using var publisher = Ffmpeg.Publish(media.Clip, url);
            Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)), "publisher did not finish");
            Assert.Equal(0, publisher.ExitCode);
            await Task.Delay(500);
        }
        stop.Cancel();
        await record;
        output.WriteLine(string.Join(", ", statuses));

        Assert.Contains("NetStream.Play.UnpublishNotify", statuses);
        Assert.Contains("NetStream.Play.PublishNotify", statuses);
        var hashes = await Ffmpeg.VideoFrameMd5Async(recording);
        var source = media.ClipHashes;
        output.WriteLine($"recorded {hashes.Count} pictures over two publishes of {source.Count}");
        Assert.True(hashes.Count >= 2 * source.Count - 6, $"expected about {2 * source.Count} pictures, got {hashes.Count}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, hashes.Take(source.Count - 3).ToList()));
        Assert.True(Ffmpeg.IndexOfRun(source, hashes.Skip(source.Count).Take(source.Count - 6).ToList()) == 0,
            "the second publish must play from its first picture");
    }
}

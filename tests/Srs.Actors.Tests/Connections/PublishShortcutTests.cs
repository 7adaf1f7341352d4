using Akka.TestKit.Xunit2;
using Srs.Actors.Connections;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Connections;

/// <summary>The read loop's way to the stream source: taken only while the actor is open to it and has caught up.</summary>
public sealed class PublishShortcutTests : TestKit
{
    private static readonly byte[] Picture = [0x27, 0x01, 0, 0, 0, 0, 0, 0, 2, 0x41, 7];

    private static RtmpMessage Video(uint timestamp, byte[] body) => new(MessageType.Video, 1, timestamp, body);

    [Fact]
    public void An_open_shortcut_tells_the_source_the_frame_on_the_connections_behalf()
    {
        var connection = CreateTestProbe();
        var source = CreateTestProbe();
        var shortcut = new PublishShortcut(connection.Ref);
        shortcut.Open(source.Ref);

        Assert.True(shortcut.TryForward(Video(40, Picture)));

        var frame = source.ExpectMsg<PublishFrame>();
        Assert.Equal(MediaKind.Video, frame.Kind);
        Assert.Equal(40u, frame.Timestamp);
        Assert.Equal(Picture, frame.Body.ToArray());
        Assert.Equal(connection.Ref, source.LastSender);
    }

    [Fact]
    public void Commands_data_and_empty_media_never_take_the_shortcut()
    {
        var source = CreateTestProbe();
        var shortcut = new PublishShortcut(CreateTestProbe().Ref);
        shortcut.Open(source.Ref);

        Assert.False(shortcut.TryForward(new RtmpMessage(MessageType.Amf0Command, 1, 0, new byte[] { 2, 0, 1, (byte)'x' })));
        Assert.False(shortcut.TryForward(new RtmpMessage(MessageType.Amf0Data, 1, 0, new byte[] { 2, 0, 1, (byte)'x' })));
        Assert.False(shortcut.TryForward(Video(0, [])));
        source.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Frames_wait_for_the_actor_to_handle_what_the_read_loop_told_it_first()
    {
        var source = CreateTestProbe();
        var shortcut = new PublishShortcut(CreateTestProbe().Ref);
        shortcut.Open(source.Ref);
        shortcut.Told(); // a command on its way through the actor

        Assert.False(shortcut.TryForward(Video(0, Picture)));
        shortcut.Handled();
        Assert.True(shortcut.TryForward(Video(40, Picture)));
        Assert.Equal(40u, source.ExpectMsg<PublishFrame>().Timestamp);
    }

    [Fact]
    public void A_closed_shortcut_sends_everything_through_the_actor()
    {
        var source = CreateTestProbe();
        var shortcut = new PublishShortcut(CreateTestProbe().Ref);
        Assert.False(shortcut.TryForward(Video(0, Picture))); // closed until the session has started

        shortcut.Open(source.Ref);
        shortcut.Close();
        Assert.False(shortcut.TryForward(Video(0, Picture)));
        source.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

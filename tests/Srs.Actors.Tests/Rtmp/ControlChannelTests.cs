using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Tests.Rtmp;

/// <summary>The protocol control both ends share: acknowledgement windows, pings, peer bandwidth.</summary>
public sealed class ControlChannelTests
{
    [Fact]
    public void A_ping_is_answered_with_its_own_timestamp()
    {
        var channel = new ControlChannel();
        Assert.True(channel.TryHandle(new UserControl(UserControlEvent.PingRequest, 123456).ToMessage(), out var reply));
        var pong = UserControl.Read(reply!.Payload.Span);
        Assert.Equal(UserControlEvent.PingResponse, pong.EventType);
        Assert.Equal(123456u, pong.Data);
        Assert.True(channel.TryHandle(new UserControl(UserControlEvent.StreamBegin, 1).ToMessage(), out reply));
        Assert.Null(reply);
    }

    [Fact]
    public void Each_window_the_peer_asked_for_is_acknowledged_once()
    {
        var channel = new ControlChannel();
        Assert.Null(channel.AcknowledgementDue(10_000)); // no window asked: nothing
        Assert.True(channel.TryHandle(new WindowAckSize(100).ToMessage(), out var reply));
        Assert.Null(reply);
        Assert.Null(channel.AcknowledgementDue(99));
        Assert.Equal(100u, Acknowledgement.Read(channel.AcknowledgementDue(100)!.Payload.Span).SequenceNumber);
        Assert.Null(channel.AcknowledgementDue(150));
        Assert.Equal(230u, Acknowledgement.Read(channel.AcknowledgementDue(230)!.Payload.Span).SequenceNumber);
    }

    [Fact]
    public void A_changed_peer_bandwidth_is_answered_with_the_new_window_and_an_unchanged_one_is_not()
    {
        var channel = new ControlChannel(announcedWindow: 2_500_000);
        Assert.True(channel.TryHandle(new SetPeerBandwidth(2_500_000, 2).ToMessage(), out var reply));
        Assert.Null(reply);
        Assert.True(channel.TryHandle(new SetPeerBandwidth(5_000_000, 2).ToMessage(), out reply));
        Assert.Equal(MessageType.WindowAckSize, reply!.TypeId);
        Assert.Equal(5_000_000u, WindowAckSize.Read(reply.Payload.Span).Size);
    }

    [Fact]
    public void Commands_and_media_are_not_control()
    {
        var channel = new ControlChannel();
        Assert.False(channel.TryHandle(new RtmpMessage(MessageType.Amf0Command, 0, 0, new CommandMessage("connect", 1, null, []).Encode()), out _));
        Assert.False(channel.TryHandle(new RtmpMessage(MessageType.Video, 1, 0, new byte[] { 0x17 }), out _));
    }
}

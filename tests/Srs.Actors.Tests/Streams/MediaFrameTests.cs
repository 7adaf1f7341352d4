using Srs.Actors.Connections;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

/// <summary>A frame's wire encodings: each computed once and shared, several side by side.</summary>
public sealed class MediaFrameTests
{
    private static readonly MediaFrame Key = new(MediaKind.Video, 40, new byte[] { 0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65, 7 });

    [Fact]
    public void Each_encoding_is_computed_once_and_kept_beside_the_others()
    {
        var rtmp = Key.EncodedFor(RtmpFrameEncoding.For(60000));
        var flv = Key.EncodedFor(FlvFrameEncoding.Instance);
        var small = Key.EncodedFor(RtmpFrameEncoding.For(128));
        Assert.Same(rtmp, Key.EncodedFor(RtmpFrameEncoding.For(60000)));
        Assert.Same(flv, Key.EncodedFor(FlvFrameEncoding.Instance));
        Assert.Same(small, Key.EncodedFor(RtmpFrameEncoding.For(128)));
        Assert.Equal(FlvWriter.EncodeTag(MediaKind.Video, 40, Key.Body.Span), flv);
        Assert.Equal(ChunkWriter.Encode(new RtmpMessage(9, 1, 40, Key.Body), ChunkStreamIds.Video, 60000), rtmp);
    }

    [Fact]
    public void Frames_encoded_from_many_threads_give_the_same_bytes()
    {
        var frame = new MediaFrame(MediaKind.Audio, 3, new byte[] { 0xAF, 0x01, 1, 2, 3 });
        var results = new byte[64][];
        Parallel.For(0, results.Length, i => results[i] = frame.EncodedFor(i % 2 == 0 ? FlvFrameEncoding.Instance : RtmpFrameEncoding.For(60000)));
        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal(results[0], r));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(results[1], r));
    }
}

namespace Srs.Actors.Streams;

/// <summary>
/// The frames since the last video keyframe, so that a player joining mid-stream starts decoding at once.
/// Bounded in frames and bytes: a stream without keyframes (or pure audio) cannot grow it without end.
/// </summary>
public sealed class GopCache(int maxFrames, long maxBytes)
{
    private readonly List<MediaFrame> frames = new();
    private long bytes;
    private bool sawVideo;
    private bool cut; // the publisher's input started over: nothing is kept before its next keyframe

    public int Count => frames.Count;
    public long Bytes => bytes;
    public IReadOnlyList<MediaFrame> Frames => frames;

    public void Add(MediaFrame frame)
    {
        if (frame.IsSequenceHeader || frame.Kind == Media.MediaKind.Script) return; // kept apart by the source
        if (cut)
        {
            if (!frame.IsVideo || !frame.IsKeyFrame) return;
            cut = false;
        }
        if (frame.IsVideo)
        {
            sawVideo = true;
            if (frame.IsKeyFrame) Clear(keepVideoFlag: true);
        }
        else if (sawVideo && frames.Count == 0)
        {
            return; // audio before the first keyframe of a video stream would only be dropped by decoders
        }
        frames.Add(frame);
        bytes += frame.Size;
        if (frames.Count > maxFrames || bytes > maxBytes) Clear(keepVideoFlag: true);
    }

    public void Clear() => Clear(keepVideoFlag: false);

    /// <summary>The publisher's input starts over: its frames go, and a video stream keeps nothing until its next keyframe.</summary>
    public void Cut()
    {
        Clear(keepVideoFlag: true);
        cut = sawVideo;
    }

    private void Clear(bool keepVideoFlag)
    {
        frames.Clear();
        bytes = 0;
        if (keepVideoFlag) return;
        sawVideo = false;
        cut = false;
    }
}
